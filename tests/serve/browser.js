// SPDX-License-Identifier: MIT
// Headless Chromium on lca serve: fill the calculator, submit, read the
// total, open /runs and a run page; screenshots in OUTDIR.
// usage: node browser.js URL CHROMIUM OUTDIR EXPECTED_TOTAL_KG RUN_ID
const puppeteer = require('puppeteer-core');
const [url, chromium, outdir, expected, runId] = process.argv.slice(2);

(async () => {
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: 'new',
    args: ['--no-sandbox', '--disable-gpu', '--no-proxy-server',
           '--disable-dev-shm-usage'],
  });
  let failed = 0;
  const check = (cond, what) => {
    console.log((cond ? 'ok   ' : 'FAIL ') + what);
    if (!cond) failed++;
  };
  try {
    const page = await browser.newPage();
    await page.setViewport({width: 1100, height: 900});
    await page.goto(url + '/', {waitUntil: 'load'});
    await page.select('#gpu', 'a100-sxm4-80gb');
    await page.select('#region', 'FR');
    await page.type('#gpu-hours', '1000');
    await page.screenshot({path: outdir + '/serve_calculator.png',
                           fullPage: true});
    await Promise.all([page.waitForNavigation({waitUntil: 'load'}),
                       page.click('#submit')]);
    const shown = await page.$eval('p.big', (e) => e.textContent);
    const href = page.url();
    console.log('result page ' + href + ': ' + shown);
    check(href.includes('/estimate?') && href.includes('gpu-hours=1000'),
          'the form submits with GET to /estimate?... (a link to share)');
    // "45.08 kg CO2e", "1,234 kg CO2e", "1.2 t CO2e", "950 g CO2e"
    const m = shown.replace(/,/g, '').match(/([0-9.]+)\s*(t|kg|g)\b/);
    const kg = m ? parseFloat(m[1]) *
        ({t: 1000, kg: 1, g: 0.001})[m[2]] : NaN;
    check(Math.abs(kg - parseFloat(expected)) <= 0.005 * parseFloat(expected),
          'the page total ' + kg + ' equals the CLI\'s ' + expected);
    await page.screenshot({path: outdir + '/serve_estimate.png',
                           fullPage: true});

    await page.goto(url + '/runs', {waitUntil: 'load'});
    const title = await page.$eval('h1', (e) => e.textContent);
    const svg = await page.$('svg');
    check(title === 'Runs' && svg !== null, '/runs: the dashboard and chart');
    await page.screenshot({path: outdir + '/serve_runs.png', fullPage: true});
    await Promise.all([page.waitForNavigation({waitUntil: 'load'}),
                       page.click('a[href="/runs/' + runId + '"]')]);
    const h1 = await page.$eval('h1', (e) => e.textContent);
    check(page.url().endsWith('/runs/' + runId) && h1.length > 0,
          'a run page opens from the dashboard: ' + h1);
    await page.screenshot({path: outdir + '/serve_run.png', fullPage: true});
  } finally {
    await browser.close();
  }
  console.log(failed + ' failed');
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
