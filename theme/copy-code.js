// Opt-in (`codeCopyButton: true`): a Copy button on each code block of the page. Without this
// script the code is still there to select and copy; nothing else depends on it. What is copied
// is the code as it reads after the change: removed lines, gutter signs and the words for
// screen readers ("added:", "removed:") are left out.
const tag = document.querySelector('script[data-copy-label]');
const label = tag?.dataset.copyLabel || 'Copy';
const copied = tag?.dataset.copiedLabel || 'Copied';

for (const pre of document.querySelectorAll('pre.code')) {
  const code = pre.querySelector('code');
  if (!code) continue;
  const wrap = document.createElement('div');
  wrap.className = 'code-copy';
  pre.replaceWith(wrap);
  wrap.append(pre);
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-live', 'polite');
  button.addEventListener('click', async () => {
    const clone = code.cloneNode(true);
    for (const n of clone.querySelectorAll('del, .visually-hidden, .diff-sign')) n.remove();
    try {
      await navigator.clipboard.writeText(clone.textContent);
      button.textContent = copied;
      setTimeout(() => (button.textContent = label), 2000);
    } catch {
      // No clipboard (an insecure origin, a denied permission): the code can still be selected.
    }
  });
  wrap.append(button);
}
