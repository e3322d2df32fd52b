/* global window, document */
// Runs before the first paint: sets <html data-theme> from the saved choice (or the system's), so there is no flash.
(function () {
  var choice = 'system';
  try {
    choice = localStorage.getItem('modeldesk.theme') || 'system';
  } catch {
    // Storage unavailable: follow the system.
  }
  var dark =
    choice === 'dark' || (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light');
})();
