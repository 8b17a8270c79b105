/**
 * User agents whose events are dropped: crawlers, link previewers, monitoring, headless and
 * scripted browsers, and HTTP libraries. Real beacons come from browsers, whose user agents all
 * start with "Mozilla/5.0"; anything else is not a reader.
 */
const AUTOMATION = new RegExp(
  [
    'bot\\b', 'bot/', 'crawl', 'spider', 'slurp', 'scrape', 'headless', 'phantomjs', 'electron/', 'puppeteer', 'playwright',
    'selenium', 'webdriver', 'lighthouse', 'pagespeed', 'chrome-lighthouse', 'gtmetrix', 'pingdom', 'uptime', 'monitor',
    'preview', 'facebookexternalhit', 'embedly', 'quora link', 'vkshare', 'whatsapp', 'telegram', 'skype', 'slack',
    'discord', 'bitlyurl', 'outbrain', 'feedfetcher', 'feedly', 'inoreader', 'newsblur', 'mediapartners', 'adsbot',
    'google-read-aloud', 'yahoo! slurp', 'ia_archiver', 'archive.org', 'httrack', 'wget', 'curl', 'python', 'java/',
    'go-http-client', 'okhttp', 'node-fetch', 'undici', 'axios', 'libwww', 'httpclient', 'http_request', 'ruby', 'perl',
    'php', 'scrapy', 'postman', 'insomnia', 'dataprovider', 'ahrefs', 'semrush', 'mj12', 'yandex', 'baidu', 'bingpreview',
    'petalbot', 'bytespider', 'gptbot', 'ccbot', 'claudebot', 'anthropic', 'perplexity', 'applebot', 'duckduckbot',
  ].map((s) => s.replace(/[.!/]/g, (c) => `\\${c}`)).join('|'),
  'i',
);

export function isBot(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.length > 512 || !userAgent.startsWith('Mozilla/5.0 ')) return true;
  return AUTOMATION.test(userAgent);
}
