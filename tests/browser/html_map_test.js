#!/usr/bin/env node
// The web page `lifecircle map --html` writes, opened from disk in Debian's headless Chromium
// driven through the DevTools protocol (puppeteer-core), with every request that is not for a
// file blocked and counted:
//   - nothing but the page itself is requested (no tiles, no marker images, no scripts);
//   - the page's layers hold as many features as the run's GeoJSON files;
//   - a click on a demand point opens its popup, whose figures are the ones in demand.geojson;
//   - no console error; a facility named "</script>..." neither breaks the page nor runs;
//   - more than 100,000 demand points are drawn as grid cells, and the legend says so;
//   - a check's page (the bundled extract against cn-health, by the sample district grid) has
//     every district, a table row each, and a click on a district opens its verdicts from
//     report.json;
//   - --lang zh: the page, its legend and its popups in Chinese;
//   - an access run (E2SFCA by the sample district grid): as many points, districts and health
//     facilities as its files, a legend entry per class with shares adding up to 100 %, a clicked
//     point's value as in demand.geojson and in the class whose bounds hold it, a clicked
//     district's mean as in districts.geojson.
// Screenshots are left in OUT_DIR (html_map.png, html_map_popup.png, html_map_check.png, ...).
//
// usage: node html_map_test.js LIFECIRCLE_BINARY OSM_EXTRACT WEB_DIR OUT_DIR
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const {execFileSync, spawnSync} = require('child_process');

const [binary, extract, webDir, outDir] = process.argv.slice(2).map(a => path.resolve(a));
if (process.argv.length < 6) {
  console.error('usage: node html_map_test.js LIFECIRCLE_BINARY OSM_EXTRACT WEB_DIR OUT_DIR');
  process.exit(2);
}
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.error(`${chromium} not found: install Debian's chromium (scripts/setup.sh --tests)`);
  process.exit(1);
}
const puppeteerPath = path.join(webDir, 'node_modules', 'puppeteer-core');
if (!fs.existsSync(puppeteerPath)) {
  console.error(`${puppeteerPath} not found: run npm ci --prefix web (scripts/setup.sh)`);
  process.exit(1);
}
const puppeteer = require(puppeteerPath);

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
    console.log(`ok: ${what}`);
  } else {
    failed++;
    console.log(`FAILED: ${what}`);
  }
}
function run(...args) { return execFileSync(binary, args, {encoding: 'utf8'}); }
// A check exits 1 when a rule fails: its output all the same.
function runCheck(...args) {
  const r = spawnSync(binary, args, {encoding: 'utf8'});
  if (r.status !== 0 && r.status !== 1) throw new Error(`${binary} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}
function features(file) { return JSON.parse(fs.readFileSync(file, 'utf8')).features; }

fs.rmSync(outDir, {recursive: true, force: true});
fs.mkdirSync(outDir, {recursive: true});
const runDir = path.join(outDir, 'run');
run('coverage', '--facilities', extract, '--demand', extract, '--out', runDir);
const page1 = path.join(outDir, 'map.html');
console.log(run('map', runDir, '--html', page1).trim());

// A folder whose facility's name would end the data's <script> element if it were not escaped.
const evilName = '</script><script>window.__injected = 1</script><!-- <b>x</b> & "quoted"';
const evilDir = path.join(outDir, 'escaping');
fs.mkdirSync(evilDir, {recursive: true});
for (const f of ['summary.json', 'service_areas.geojson']) fs.copyFileSync(path.join(runDir, f), path.join(evilDir, f));
const fac = JSON.parse(fs.readFileSync(path.join(runDir, 'facilities.geojson'), 'utf8'));
fac.features = fac.features.slice(0, 3);
fac.features[0].properties.name = evilName;
fs.writeFileSync(path.join(evilDir, 'facilities.geojson'), JSON.stringify(fac));
const page2 = path.join(outDir, 'escaping.html');
run('map', evilDir, '--html', page2);

// More than 100,000 demand points: the bundled run's points, repeated with small offsets.
const bigDir = path.join(outDir, 'large');
fs.mkdirSync(bigDir, {recursive: true});
const demand = features(path.join(runDir, 'demand.geojson'));
const big = [];
for (let k = 0; big.length <= 100000; k++) {
  for (const f of demand) {
    const [x, y] = f.geometry.coordinates;
    big.push({type: 'Feature', properties: f.properties,
              geometry: {type: 'Point', coordinates: [x + (k % 10) * 1e-4, y + Math.floor(k / 10) * 1e-4]}});
  }
}
fs.writeFileSync(path.join(bigDir, 'demand.geojson'), JSON.stringify({type: 'FeatureCollection', features: big}));
// Its summary counts them, as a run's does (the page reads the count there before the points).
const bigSummary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
// The legend's figure for fitness, formatted here from summary.json: a share with one decimal and
// the residents with thousands separators.
const fitnessShare = (100 * bigSummary.categories.fitness.share).toFixed(1);
const fitnessPeople = Math.round(bigSummary.categories.fitness.population_total).toLocaleString('en-US');
bigSummary.demand_points = big.length;
fs.writeFileSync(path.join(bigDir, 'summary.json'), JSON.stringify(bigSummary));
const page3 = path.join(outDir, 'large.html');
run('map', bigDir, '--html', page3);

// A check by districts, and the coverage run in Chinese.
const checkDir = path.join(outDir, 'check');
runCheck('check', '--preset', 'cn-health', '--facilities', extract, '--demand', extract, '--districts',
         path.join(path.dirname(extract), 'chengdu_grid_districts.geojson'), '--out', checkDir);
const page4 = path.join(outDir, 'check.html');
run('map', checkDir, '--html', page4);
const page6 = path.join(outDir, 'check_part.html');
run('map', checkDir, '--html', page6, '--districts', '网格B2');
const page5 = path.join(outDir, 'zh.html');
run('map', runDir, '--html', page5, '--lang', 'zh');
const accessDir = path.join(outDir, 'access');
const page7 = path.join(outDir, 'access.html');
run('access', '--facilities', extract, '--demand', extract, '--measure', 'e2sfca', '--districts',
    path.join(path.dirname(extract), 'chengdu_grid_districts.geojson'), '--out', accessDir, '--html', page7);

async function open(browser, file) {
  const page = await browser.newPage();
  await page.setViewport({width: 1280, height: 800});
  const blocked = [], errors = [];
  await page.setRequestInterception(true);
  page.on('request', r => {
    const u = r.url();
    if (u.startsWith('file:') || u.startsWith('data:')) return r.continue();
    blocked.push(u);
    return r.abort('blockedbyclient');
  });
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('requestfailed', r => { if (r.url().startsWith('file:')) errors.push(`failed: ${r.url()}`); });
  await page.goto('file://' + path.resolve(file), {waitUntil: 'load'});
  await page.waitForFunction('window.lifecircle && window.lifecircle.ready', {timeout: 30000});
  return {page, blocked, errors};
}

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecircle-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`],
  });
  try {
    // 1. The bundled extract's coverage run.
    const {page, blocked, errors} = await open(browser, page1);
    const counts = await page.evaluate('window.lifecircle.counts');
    for (const layer of ['demand', 'facilities', 'service_areas', 'isochrones', 'proposed_sites']) {
      const file = path.join(runDir, layer + '.geojson');
      if (!fs.existsSync(file)) {
        check(!(layer in counts), `${layer}: no file, no layer`);
        continue;
      }
      // A feature without geometry (the service area of a category without facilities) is not drawn.
      const n = features(file).filter(f => f.geometry !== null).length;
      check(counts[layer] === n, `${layer}: ${counts[layer]} features on the page, ${n} with a geometry in ${layer}.geojson`);
    }
    await page.screenshot({path: path.join(outDir, 'html_map.png')});

    // A demand point with a distance to a fitness facility, alone at its place and away from
    // facilities (drawn above it), clicked with the mouse at high zoom.
    const facilities = features(path.join(runDir, 'facilities.geojson')).map(f => f.geometry.coordinates);
    const at = new Map();
    for (const f of demand) {
      const k = f.geometry.coordinates.join(',');
      at.set(k, (at.get(k) || 0) + 1);
    }
    const far = c => facilities.every(q => Math.hypot((q[0] - c[0]) * 0.86, q[1] - c[1]) > 3e-4);
    const pick = demand.find(f => typeof f.properties.fitness_nearest_m === 'number' &&
                                  at.get(f.geometry.coordinates.join(',')) === 1 && far(f.geometry.coordinates));
    check(pick !== undefined, 'a demand point to click');
    const where = await page.evaluate(id => {
      const lc = window.lifecircle, l = lc.demandById(id);
      if (!l) return null;
      lc.map.setView(l.getLatLng(), 18, {animate: false});
      const p = lc.map.latLngToContainerPoint(l.getLatLng()), r = lc.map.getContainer().getBoundingClientRect();
      return {x: r.left + p.x, y: r.top + p.y};
    }, pick.properties.id);
    check(where !== null, `demand point ${pick.properties.id} on the page`);
    await page.mouse.click(where.x, where.y);
    await page.waitForSelector('.leaflet-popup-content', {timeout: 10000});
    await new Promise(r => setTimeout(r, 500));  // the popup's fade-in
    const popup = await page.evaluate(() => {
      const c = document.querySelector('.leaflet-popup-content'), out = {title: c.querySelector('h2').textContent};
      for (const r of c.querySelectorAll('tr[data-key]')) out[r.dataset.key] = r.querySelector('td').textContent;
      return out;
    });
    console.log('popup:', JSON.stringify(popup));
    check(popup.title === `Demand point ${pick.properties.id}`, `the popup is demand point ${pick.properties.id}'s`);
    const shown = Number(String(popup.fitness_nearest_m).replace(/[ m,]/g, ''));
    check(Math.abs(shown - pick.properties.fitness_nearest_m) < 0.051,
          `fitness nearest: ${popup.fitness_nearest_m} in the popup, ${pick.properties.fitness_nearest_m} in demand.geojson`);
    check(popup.fitness_covered === (pick.properties.fitness_covered ? 'yes' : 'no'), `fitness covered: ${popup.fitness_covered}`);
    check(popup.life_circle_complete === (pick.properties.life_circle_complete ? 'yes' : 'no'),
          `life circle complete: ${popup.life_circle_complete}`);
    await page.screenshot({path: path.join(outDir, 'html_map_popup.png')});
    const legend = await page.evaluate(() => document.querySelector('.lc-legend').textContent);
    check(legend.includes(`fitness: ${fitnessShare} % of ${fitnessPeople} residents within 1,000 m`),
          `the legend has the summary's figure for fitness (${fitnessShare} % of ${fitnessPeople})`);
    const bars = await page.evaluate(() => document.querySelectorAll('#lc-bars .lc-bar').length);
    check(bars === 4, `a bar per category (${bars})`);
    check(blocked.length === 0, `no request but for files (${blocked.length} blocked${blocked.length ? ': ' + blocked.slice(0, 3).join(' ') : ''})`);
    check(errors.length === 0, `no console error${errors.length ? ': ' + errors.join(' | ') : ''}`);

    // 2. Escaping.
    const e = await open(browser, page2);
    check(await e.page.evaluate('window.__injected === undefined'), 'a name with </script> runs nothing');
    const names = await e.page.evaluate(() => {
      const out = [];
      window.lifecircle.map.eachLayer(l => { if (l.feature && l.feature.properties.name) out.push(l.feature.properties.name); });
      return out;
    });
    check(names.includes(evilName), 'the name reads back unchanged');
    const evilCounts = await e.page.evaluate('window.lifecircle.counts');
    check(evilCounts.facilities === 3, `the escaping page has its 3 facilities (${evilCounts.facilities})`);
    check(e.errors.length === 0 && e.blocked.length === 0, 'escaping page: no console error, no request');

    // 3. A large folder.
    const g = await open(browser, page3);
    const info = await g.page.evaluate(() => ({aggregated: window.lifecircle.demandAggregated, points: window.lifecircle.demandPoints,
                                               cells: window.lifecircle.counts.demand,
                                               legend: document.querySelector('.lc-legend').textContent}));
    check(info.aggregated === true && info.points === big.length, `${info.points} demand points drawn as grid cells`);
    check(info.cells > 0 && info.cells < big.length, `${info.cells} grid cells`);
    check(info.legend.includes('drawn as') && info.legend.includes('grid cells'), 'the legend says demand is drawn as grid cells');
    check(g.errors.length === 0 && g.blocked.length === 0, 'large page: no console error, no request');
    await g.page.screenshot({path: path.join(outDir, 'html_map_large.png')});

    // 4. A check's districts and their verdicts.
    const c = await open(browser, page4);
    const districtFeatures = features(path.join(checkDir, 'districts.geojson'));
    const report = JSON.parse(fs.readFileSync(path.join(checkDir, 'report.json'), 'utf8'));
    const checkCounts = await c.page.evaluate('window.lifecircle.counts');
    check(checkCounts.districts === districtFeatures.length,
          `districts: ${checkCounts.districts} on the page, ${districtFeatures.length} in districts.geojson`);
    const tableRows = await c.page.evaluate(() => document.querySelectorAll('#lc-districts tr').length - 1);
    check(tableRows === districtFeatures.length, `a table row per district (${tableRows})`);
    const target = districtFeatures.find(f => f.properties.failing > 0) || districtFeatures[0];
    const centre = await c.page.evaluate(name => {
      const lc = window.lifecircle;
      let found = null;
      lc.map.eachLayer(l => { if (!found && l.feature && l.feature.properties.name === name && l.getBounds) found = l; });
      if (!found) return null;
      lc.map.fitBounds(found.getBounds(), {animate: false});
      const ll = found.getBounds().getCenter(), p = lc.map.latLngToContainerPoint(ll), r = lc.map.getContainer().getBoundingClientRect();
      return {x: r.left + p.x, y: r.top + p.y};
    }, target.properties.name);
    check(centre !== null, `district ${target.properties.name} on the page`);
    await c.page.mouse.click(centre.x, centre.y);
    await c.page.waitForSelector('.leaflet-popup-content', {timeout: 10000});
    const districtPopup = await c.page.evaluate(() => {
      const el = document.querySelector('.leaflet-popup-content'), out = {title: el.querySelector('h2').textContent, rows: {}};
      for (const r of el.querySelectorAll('tr[data-key]')) out.rows[r.dataset.key] = r.querySelector('td').textContent;
      return out;
    });
    console.log('district popup:', JSON.stringify(districtPopup));
    check(districtPopup.title === `District ${target.properties.name}`, `the popup is district ${target.properties.name}'s`);
    const verdicts = report.results.filter(r => r.scope === 'district' && r.district_id === target.properties.id);
    const shownVerdicts = Object.keys(districtPopup.rows).filter(k => k.startsWith('verdict'));
    check(verdicts.length > 0 && shownVerdicts.length === verdicts.length,
          `${shownVerdicts.length} verdicts in the popup, ${verdicts.length} in report.json`);
    const failing = verdicts.filter(v => v.pass === false).length;
    check(districtPopup.rows.failing === `${failing} of ${target.properties.evaluated}`,
          `failing: ${districtPopup.rows.failing} (report.json: ${failing} of ${target.properties.evaluated})`);
    const fails = shownVerdicts.filter(k => districtPopup.rows[k].startsWith('FAIL')).length;
    check(fails === failing, `${fails} FAIL rows`);
    check(c.errors.length === 0 && c.blocked.length === 0, 'check page: no console error, no request');
    await c.page.screenshot({path: path.join(outDir, 'html_map_check.png')});

    // --districts: the page opens on that district, not on the whole grid.
    const part = await open(browser, page6);
    const view = await part.page.evaluate(() => {
      const lc = window.lifecircle, b = lc.map.getBounds();
      const out = {inside: null, all: true};
      lc.map.eachLayer(l => {
        if (!l.feature || !l.getBounds || l.feature.properties.name === undefined) return;
        if (l.feature.properties.name === '网格B2') out.inside = b.contains(l.getBounds());
        else out.all = out.all && b.contains(l.getBounds());
      });
      return out;
    });
    check(view.inside === true && view.all === false, `--districts 网格B2: the district in view, not the whole grid (${JSON.stringify(view)})`);

    // 5. In Chinese.
    const z = await open(browser, page5);
    const zh = await z.page.evaluate(() => ({lang: document.documentElement.lang,
                                             legend: document.querySelector('.lc-legend').textContent,
                                             control: document.querySelector('.leaflet-control-layers').textContent}));
    check(zh.lang === 'zh-CN', `<html lang="${zh.lang}">`);
    check(zh.legend.includes(`体育健身：${fitnessPeople} 名居民中 ${fitnessShare} % 在 1,000 米 内`),
          'the Chinese legend has the figure for fitness');
    check(zh.control.includes('设施：体育健身'), 'the layer control names the layers in Chinese');
    const zhPopup = await z.page.evaluate(id => {
      const l = window.lifecircle.demandById(id);
      l.openPopup();
      const el = document.querySelector('.leaflet-popup-content');
      return {title: el.querySelector('h2').textContent, label: el.querySelector('tr[data-key="fitness_covered"] th').textContent,
              value: el.querySelector('tr[data-key="fitness_covered"] td').textContent};
    }, pick.properties.id);
    check(zhPopup.title === `需求点 ${pick.properties.id}` && zhPopup.label === '体育健身：已覆盖' &&
          zhPopup.value === (pick.properties.fitness_covered ? '是' : '否'), `Chinese popup: ${JSON.stringify(zhPopup)}`);
    check(z.errors.length === 0 && z.blocked.length === 0, 'Chinese page: no console error, no request');
    await z.page.screenshot({path: path.join(outDir, 'html_map_zh.png')});

    // 6. An access run: E2SFCA to health (the first category with facilities).
    const ac = await open(browser, page7);
    const accessDemand = features(path.join(accessDir, 'demand.geojson'));
    const accessDistricts = features(path.join(accessDir, 'districts.geojson'));
    const health = features(path.join(accessDir, 'facilities.geojson')).filter(f => f.properties.category === 'health');
    const accessCounts = await ac.page.evaluate('window.lifecircle.counts');
    check(accessCounts.demand === accessDemand.length, `access: ${accessCounts.demand} points, ${accessDemand.length} in demand.geojson`);
    check(accessCounts.districts === accessDistricts.length, `access: ${accessCounts.districts} districts`);
    check(accessCounts.facilities === health.length, `access: ${accessCounts.facilities} health facilities, ${health.length} in the file`);
    const classes = await ac.page.evaluate(() => [...document.querySelectorAll('#lc-classes .lc-class')].map(p => p.textContent));
    const shareSum = classes.reduce((t, c) => t + Number((c.match(/\(([0-9.]+) %\)$/) || [0, NaN])[1]), 0);
    check(classes.length >= 2 && Math.abs(shareSum - 100) < 0.5, `access legend: ${classes.length} classes, shares adding up to ${shareSum.toFixed(1)} %`);
    // A point with some access, alone at its place and away from the facilities, clicked.
    const accessAt = new Map();
    for (const f of accessDemand) accessAt.set(f.geometry.coordinates.join(','), (accessAt.get(f.geometry.coordinates.join(',')) || 0) + 1);
    const farFromHealth = c => health.every(q => Math.hypot((q.geometry.coordinates[0] - c[0]) * 0.86, q.geometry.coordinates[1] - c[1]) > 3e-4);
    // Its id alone in the file too: the points a land-use area is spread over share its id, and the
    // page finds a point by id.
    const idCount = new Map();
    for (const f of accessDemand) idCount.set(f.properties.id, (idCount.get(f.properties.id) || 0) + 1);
    const pickA = accessDemand.find(f => f.properties.health_e2sfca > 0 && accessAt.get(f.geometry.coordinates.join(',')) === 1 &&
                                         idCount.get(f.properties.id) === 1 && farFromHealth(f.geometry.coordinates));
    check(pickA !== undefined, 'an access point to click');
    const whereA = await ac.page.evaluate(id => {
      const lc = window.lifecircle, l = lc.demandById(id);
      if (!l) return null;
      lc.map.setView(l.getLatLng(), 18, {animate: false});
      const p = lc.map.latLngToContainerPoint(l.getLatLng()), r = lc.map.getContainer().getBoundingClientRect();
      return {x: r.left + p.x, y: r.top + p.y};
    }, pickA.properties.id);
    await ac.page.mouse.click(whereA.x, whereA.y);
    await ac.page.waitForSelector('.leaflet-popup-content', {timeout: 10000});
    const accessPopup = await ac.page.evaluate(() => {
      const el = document.querySelector('.leaflet-popup-content'), out = {};
      for (const r of el.querySelectorAll('tr[data-key]')) out[r.dataset.key] = r.querySelector('td').textContent;
      return out;
    });
    console.log('access popup:', JSON.stringify(accessPopup));
    const v = pickA.properties.health_e2sfca;
    check(Math.abs(Number(accessPopup.health_e2sfca) - v) < 5e-5, `the popup's value ${accessPopup.health_e2sfca}, ${v} in demand.geojson`);
    // The class's bounds, read off its label ("a–b", "≤ b", "> a"), hold the value.
    const bounds = String(accessPopup.lc_class).match(/^(?:≤ ([0-9.]+)|> ([0-9.]+)|([0-9.]+)–([0-9.]+))$/);
    const inside = bounds && (bounds[1] ? v <= Number(bounds[1]) : bounds[2] ? v > Number(bounds[2])
                                                                             : v > Number(bounds[3]) && v <= Number(bounds[4]));
    check(Boolean(inside), `class ${accessPopup.lc_class} holds ${v}`);
    await ac.page.screenshot({path: path.join(outDir, 'html_map_access_popup.png')});
    // A district's popup: its health mean as districts.geojson has it.
    const districtA = accessDistricts[0];
    const centreA = await ac.page.evaluate(name => {
      const lc = window.lifecircle;
      lc.map.closePopup();
      let found = null;
      lc.map.eachLayer(l => { if (!found && l.feature && l.feature.properties.name === name && l.getBounds) found = l; });
      if (!found) return null;
      found.openPopup();
      const el = found.getPopup().getElement(), out = {};  // (the point's popup may still be fading out)
      for (const r of el.querySelectorAll('tr[data-key]')) out[r.dataset.key] = r.querySelector('td').textContent;
      return out;
    }, districtA.properties.name);
    check(centreA !== null && Math.abs(Number(centreA.health_mean) - districtA.properties.health_mean) < 5e-5,
          `district ${districtA.properties.name}: health mean ${centreA && centreA.health_mean}, ${districtA.properties.health_mean} in the file`);
    check(ac.errors.length === 0 && ac.blocked.length === 0, 'access page: no console error, no request');
    await ac.page.evaluate(() => { window.lifecircle.map.closePopup(); });
    await ac.page.screenshot({path: path.join(outDir, 'html_map_access.png')});
  } finally {
    await browser.close();
    fs.rmSync(profile, {recursive: true, force: true});
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch(e => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
