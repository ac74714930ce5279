// The dashboard map as a test drives it: zooming with the wheel over a point, and waiting for the
// labels to be placed for the zoom shown (the map says so on #map[data-labels-zoom]) rather than
// for time.
export async function placedZoom(page) {
  await page.waitForFunction(() => { const m = document.querySelector('#map'); return m.dataset.labelsZoom !== undefined && m.dataset.labelsZoom === (m.dataset.zoom ?? m.dataset.labelsZoom); });
  return Number(await page.locator('#map').getAttribute('data-labels-zoom'));
}

// One wheel step in, over the mouse's point; resolves with the zoom the labels were placed for.
export async function wheelIn(page) {
  const zoom = await placedZoom(page);
  await page.mouse.wheel(0, -100);
  await page.waitForFunction((z) => {
    const m = document.querySelector('#map');
    return Number(m.dataset.zoom) > z && m.dataset.labelsZoom === m.dataset.zoom;
  }, zoom);
  return placedZoom(page);
}

// The centres of the team markers drawn on the map, in page pixels, with their ids; only those
// inside the map's box (the wheel must land on the map).
export async function teamMarkers(page) {
  return page.evaluate(() => {
    const view = document.querySelector('#map').getBoundingClientRect();
    return [...document.querySelectorAll('#map path[data-layer=teams]')].map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-id'), x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2 };
    }).filter((m) => m.x > view.left && m.x < view.right && m.y > view.top && m.y < view.bottom);
  });
}

// The team marker (inside the map) nearest a point in page pixels.
export async function teamNearest(page, point) {
  const distance = (m) => Math.hypot(m.x - point.x, m.y - point.y);
  return (await teamMarkers(page)).sort((a, b) => distance(a) - distance(b))[0];
}

// Is the name of this team shown (placed somewhere, not waiting hidden)?
export async function teamNamed(page, teamId) {
  return page.$eval('#map', (map, key) => {
    const label = [...map.querySelectorAll('.team-label')].find((el) => el.dataset.key === key);
    return Boolean(label && label.dataset.placement !== 'hidden');
  }, `team:${teamId}`);
}

// Zooms in over a team's marker, a wheel step at a time, until its name is shown or maxZoom is
// passed; after(zoom) runs after each placement (a test's checks at every zoom). Resolves with
// the zoom the name appeared at, or null.
export async function zoomOnTeamUntilNamed(page, team, { maxZoom = 18, after = async () => {} } = {}) {
  await page.mouse.move(team.x, team.y);
  let zoom = await placedZoom(page);
  while (zoom <= maxZoom) {
    if (zoom >= 15 && await teamNamed(page, team.id)) return zoom;
    zoom = await wheelIn(page);
    await after(zoom);
  }
  return null;
}
