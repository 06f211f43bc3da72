// The least a consumption page can do (bench/consumption-load.ts's peer page): say it is ready,
// take one series (x, y, total) in one message and draw it as one line on a canvas, with the total
// beside it. No chart library, no checks of the message, no table, no legend, no theme.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  const status = document.createElement('p');
  status.id = 'status-text';
  const plot = document.createElement('div');
  plot.id = 'plot';
  app.replaceChildren(status, plot);
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || m.type !== 'data') return;
    const canvas = document.createElement('canvas');
    canvas.width = 1000;
    canvas.height = 320;
    const g = canvas.getContext('2d');
    const max = Math.max(1, ...m.y);
    g.beginPath();
    m.y.forEach((v, i) => {
      const px = (i / Math.max(1, m.y.length - 1)) * 1000;
      const py = 320 - (v / max) * 300;
      if (i === 0) g.moveTo(px, py);
      else g.lineTo(px, py);
    });
    g.stroke();
    plot.append(canvas);
    status.textContent = 'Total ' + m.total;
  });
  vscode.postMessage({ type: 'ready' });
})();
