// md-to-pdf (a benchmark peer, dev only) depends on puppeteer, which would download its own browser
// on install. cjoip uses the system's Chromium through puppeteer-core; nothing is downloaded.
module.exports = { skipDownload: true };
