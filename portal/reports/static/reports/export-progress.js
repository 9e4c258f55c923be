// Shows the progress of background exports without reloading the page. Without JavaScript the
// table still says where each export is, with a link to refresh.
const POLL_MS = 2000;
// Stop after half an hour: polling keeps the session alive, and nobody needs it that long.
const GIVE_UP_MS = 30 * 60 * 1000;
const announcer = document.getElementById("export-announcer");
const started = Date.now();

function update(row, data) {
  row.dataset.status = data.status;
  const label = row.querySelector("[data-export-label]");
  const percent = row.querySelector("[data-export-percent]");
  const bar = row.querySelector("progress");
  const cell = row.querySelector("[data-export-link]");
  if (label) label.textContent = data.status_label;
  if (percent) percent.textContent = `${data.percent}%`;
  if (bar) bar.value = data.percent;
  if (data.status === "READY" && data.download_url && cell) {
    const link = document.createElement("a");
    link.href = data.download_url;
    link.textContent = "Download";
    cell.replaceChildren(link);
    if (percent) percent.remove();
    if (bar) bar.remove();
    if (announcer) announcer.textContent = "Your file is ready to download.";
  } else if (data.status === "FAILED" && announcer) {
    announcer.textContent = "Your file could not be prepared.";
  }
}

async function poll(row) {
  if (Date.now() - started > GIVE_UP_MS) return;
  try {
    const response = await fetch(row.dataset.exportStatusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const data = await response.json();
    update(row, data);
    if (data.status === "QUEUED" || data.status === "RUNNING") {
      window.setTimeout(() => poll(row), POLL_MS);
    }
  } catch {
    window.setTimeout(() => poll(row), POLL_MS * 5);
  }
}

document.querySelectorAll("[data-export-status-url]").forEach((row) => {
  if (row.dataset.status === "QUEUED" || row.dataset.status === "RUNNING") {
    window.setTimeout(() => poll(row), POLL_MS);
  }
});
