export { prepareTheme, warnOfPostLanguages, type ThemeSetup } from './prepare.js';
export { renderComponent } from './render-component.js';
export * from './components.js';
