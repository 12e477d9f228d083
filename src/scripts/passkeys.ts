/**
 * Passkey buttons: ask the server for options, let the browser's WebAuthn do the ceremony, and send its answer in
 * the button's form as an ordinary POST (so the page's own rules, refusals and messages apply). Without JavaScript,
 * or in a browser without WebAuthn, the buttons stay hidden: passwords and codes still work.
 */
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';

for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-passkey]')) {
  if (!browserSupportsWebAuthn()) continue;
  const form = button.form!;
  const status = form.querySelector<HTMLElement>('[data-passkey-status]');
  button.hidden = false;
  button.addEventListener('click', async (event) => {
    event.preventDefault();
    button.disabled = true;
    if (status) status.textContent = 'Follow what your browser or device asks…';
    try {
      const answer = await fetch(button.dataset.options!, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
      if (!answer.ok) throw new Error('The server could not start it.');
      const { challengeId, options } = await answer.json();
      const response = button.dataset.passkey === 'register' ? await startRegistration({ optionsJSON: options }) : await startAuthentication({ optionsJSON: options });
      form.querySelector<HTMLInputElement>('input[name="challenge"]')!.value = challengeId;
      form.querySelector<HTMLInputElement>('input[name="response"]')!.value = JSON.stringify(response);
      form.submit();
    } catch (error) {
      button.disabled = false;
      if (status) status.textContent = `No passkey was used (${error instanceof Error ? error.message : 'cancelled'}). Try again, or use your password.`;
    }
  });
}
