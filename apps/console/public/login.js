/* global document, window, URLSearchParams */
// Says why the last login failed (the server redirects back with ?failed=...).
const failed = new URLSearchParams(window.location.search).get('failed');
const error = document.getElementById('error');
if (failed) {
  error.textContent = failed === 'busy' ? 'Too many failed logins; wait a minute and try again.' : 'That token is not the operator token.';
  error.hidden = false;
}
