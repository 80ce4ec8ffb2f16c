// /verify/{number}: the public certificate check, the URL printed on every certificate. No sign-in: it only calls
// GET /api/public/certificates/{number} and POST /api/public/verify.
(function () {
    'use strict';
    const W = window.Web;
    const { el } = W;

    W.start({ section: 'verify' }, () => {
        const lookup = document.getElementById('verify-lookup');
        const documentForm = document.getElementById('verify-document');
        const result = document.getElementById('verify-result');
        const message = document.getElementById('verify-message');

        lookup.addEventListener('submit', e => {
            e.preventDefault();
            location.assign('/verify/' + encodeURIComponent(lookup.number.value.trim()));
        });
        documentForm.addEventListener('submit', async e => {
            e.preventDefault();
            result.replaceChildren();
            let doc;
            try { doc = JSON.parse(documentForm.document.value); }
            catch (x) { W.say(message, 'That is not a certificate document (JSON): ' + x.message, 'error'); return; }
            const r = await W.act(documentForm.querySelector('button'), message, () => W.api('/api/public/verify', { json: doc }));
            if (r) result.replaceChildren(W.certificateView(r));
        });

        const number = W.id;
        if (!number) return undefined;
        lookup.number.value = number;
        return check(number);

        async function check(n) {
            result.replaceChildren(el('p', { class: 'ae-muted' }, 'Checking…'));
            try {
                result.replaceChildren(W.certificateView(await W.api('/api/public/certificates/' + encodeURIComponent(n))));
            } catch (e) {
                result.replaceChildren(e.status === 404
                    ? W.verdict(false, 'Not found', `No certificate numbered ${n} was issued by this office. Check the number on the certificate.`, { id: 'certificate-verdict' })
                    : el('p', { class: 'ae-message ae-message-error' }, e.message));
            }
        }
    });
})();
