// The PWA's entry point.
const app = document.getElementById('app');
if (app) app.textContent = 'Fernet prover';
