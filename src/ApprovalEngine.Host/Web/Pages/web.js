// What the office pages share: calling the REST API with the signed-in user's token, showing its problem details
// where the user acted, and small DOM helpers (tables, paging, badges, bar charts). The session and the header
// come from /studio/app.js, so these pages and the Studio pages sign in, sign out and navigate alike.
(function () {
    'use strict';
    const AE = window.ApprovalEngine;
    // app.js's el, but an attribute given as null or undefined is left out (handy for optional classes).
    const el = (tag, attrs, ...children) =>
        AE.el(tag, Object.fromEntries(Object.entries(attrs || {}).filter(([, v]) => v !== null && v !== undefined)), ...children);
    const body = document.body;
    const isPublic = body.dataset.public === 'true';
    const session = AE.readSession();

    class ApiError extends Error {
        constructor(status, message, problem) { super(message); this.status = status; this.problem = problem; }
    }

    // RFC 7807 from our API: the detail says what to fix; validation problems list every activity.
    function problemMessage(status, data) {
        if (data && typeof data === 'object') {
            let m = data.detail || data.title || '';
            if (Array.isArray(data.problems)) m += ' ' + data.problems.map(p => (p.activityId ? p.activityId + ': ' : '') + p.message).join('; ');
            if (m) return m.trim();
        }
        if (typeof data === 'string' && data) return data;
        return ({ 403: 'Your role may not do this.', 404: 'Not found.', 409: 'Someone else changed this; reload.' })[status]
            || 'The request failed (' + status + ').';
    }

    /** fetch with the token; resolves to the parsed body, rejects with an ApiError carrying the problem's message. */
    async function api(path, options) {
        const o = options || {};
        const headers = {};
        if (session) headers.authorization = 'Bearer ' + session.token;
        let content;
        if (o.json !== undefined) { headers['content-type'] = 'application/json'; content = JSON.stringify(o.json); }
        else if (o.form) content = o.form;
        let response;
        try { response = await fetch(path, { method: o.method || (content ? 'POST' : 'GET'), headers, body: content }); }
        catch { throw new ApiError(0, 'The server cannot be reached.'); }
        if (response.status === 401 && !isPublic) { AE.toSignIn(); throw new ApiError(401, 'Your sign-in has expired.'); }
        const text = await response.text();
        let data = null;
        try { data = text ? JSON.parse(text) : null; } catch { data = text; }
        if (!response.ok) throw new ApiError(response.status, problemMessage(response.status, data), data);
        return data;
    }

    /** Runs a user's action: the button is disabled meanwhile, and the outcome (or the API's message) is shown in slot. */
    async function act(button, slot, work, success) {
        if (button) button.disabled = true;
        say(slot, '');
        try {
            const result = await work();
            if (success) say(slot, typeof success === 'function' ? success(result) : success, 'ok');
            return result;
        } catch (e) {
            say(slot, e.message || String(e), 'error');
            return undefined;
        } finally {
            if (button) button.disabled = false;
        }
    }

    function say(slot, text, kind) {
        if (!slot) return;
        slot.textContent = text;
        slot.className = 'ae-message' + (kind ? ' ae-message-' + kind : '');
    }

    /** Exports need the token too, so a plain link cannot do: fetch, then hand the browser a blob to save. */
    async function download(path, fallbackName) {
        const headers = session ? { authorization: 'Bearer ' + session.token } : {};
        const response = await fetch(path, { headers });
        if (!response.ok) {
            const text = await response.text();
            let data = text;
            try { data = JSON.parse(text); } catch { /* not JSON */ }
            throw new ApiError(response.status, problemMessage(response.status, data), data);
        }
        const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get('content-disposition') || '');
        const url = URL.createObjectURL(await response.blob());
        const a = el('a', { href: url, download: name ? decodeURIComponent(name[1]) : fallbackName });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
    }

    function downloadButton(label, path, fallbackName, slot) {
        const b = el('button', { type: 'button', class: 'ae-btn ae-btn-secondary' }, label);
        b.addEventListener('click', () => act(b, slot, () => download(typeof path === 'function' ? path() : path, fallbackName)));
        return b;
    }

    const hasRole = (...roles) => !!session && roles.some(r => session.roles.includes(r));

    // Dates from the API: DateOnly as yyyy-MM-dd stays as is (it is a calendar day, not an instant).
    function fmtDate(value) { return value ? String(value).substring(0, 10) : ''; }
    function fmtTime(value) {
        if (!value) return '';
        const d = new Date(value);
        return isNaN(d) ? String(value) : d.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    }

    const BADGES = {
        ok: ['on-track', 'completed', 'finished', 'approved', 'accepted', 'valid', 'verified', 'published', 'active'],
        warn: ['warning', 'paused', 'claimed', 'suspended', 'needscorrection', 'correctionrequested', 'draft'],
        bad: ['overdue', 'faulted', 'rejected', 'denied', 'notaccepted', 'invalid', 'revoked', 'retracted', 'broken'],
        info: ['open', 'running'],
    };
    function badge(text, kind) {
        const key = String(text).toLowerCase();
        const k = kind || Object.keys(BADGES).find(b => BADGES[b].includes(key)) || 'muted';
        return el('span', { class: 'ae-badge ae-badge-' + k }, text);
    }

    /** columns: [{ title, cell: row => node or text, class }]. */
    function table(columns, rows, empty) {
        if (!rows || rows.length === 0) return el('p', { class: 'ae-empty' }, empty || 'Nothing here.');
        return el('table', { class: 'ae-table ae-table-web' },
            el('thead', {}, el('tr', {}, ...columns.map(c => el('th', { class: c.class || null }, c.title)))),
            el('tbody', {}, ...rows.map(r => el('tr', {}, ...columns.map(c => {
                const v = c.cell(r);
                return el('td', { class: c.class || null }, v === null || v === undefined ? '' : v);
            })))));
    }

    /** Pages are 0-based in the API. */
    function pager(page, pageSize, total, go) {
        const pages = Math.max(1, Math.ceil(total / pageSize));
        const prev = el('button', { type: 'button', class: 'ae-btn ae-btn-secondary', onclick: () => go(page - 1) }, '‹ Previous');
        const next = el('button', { type: 'button', class: 'ae-btn ae-btn-secondary', onclick: () => go(page + 1) }, 'Next ›');
        prev.disabled = page <= 0;
        next.disabled = page + 1 >= pages;
        return el('div', { class: 'ae-pager' }, prev, el('span', { class: 'ae-muted' }, `Page ${page + 1} of ${pages} · ${total} in all`), next);
    }

    /**
     * A horizontal bar chart in plain HTML: one row per item, bar width relative to max (or the largest value).
     * items: [{ label, value, text?, href?, kind? }].
     */
    function bars(items, options) {
        const o = options || {};
        if (!items || items.length === 0) return el('p', { class: 'ae-empty' }, o.empty || 'No data for this period.');
        const max = o.max || Math.max(...items.map(i => i.value), 1);
        return el('div', { class: 'ae-chart', role: 'img', 'aria-label': o.label || '' },
            ...items.map(i => el('div', { class: 'ae-chart-row' },
                el('span', { class: 'ae-chart-label', title: i.label }, i.href ? el('a', { href: i.href }, i.label) : i.label),
                el('span', { class: 'ae-chart-track' },
                    el('span', { class: 'ae-chart-bar' + (i.kind ? ' ae-chart-' + i.kind : ''), style: `width:${Math.max(0, Math.min(100, 100 * i.value / max))}%` })),
                el('span', { class: 'ae-chart-value' }, i.text !== undefined ? i.text : String(i.value)))));
    }

    /** Comma- or line-separated text to a clean list (materials lists). */
    const splitList = text => String(text || '').split(/[,\n，、]/).map(s => s.trim()).filter(Boolean);

    /** A verification result: a green "valid/verified" or red "not valid/broken" banner with what it means. */
    function verdict(ok, title, text, attrs) {
        return el('div', Object.assign({ class: 'ae-verdict ' + (ok ? 'ae-verdict-ok' : 'ae-verdict-bad'), 'data-ok': String(ok) }, attrs || {}),
            el('span', { class: 'ae-verdict-icon', 'aria-hidden': 'true' }, ok ? '✓' : '✗'),
            el('span', {}, el('strong', {}, title), el('br'), text));
    }

    /** A certificate as the public check answers it ({ certificate, valid, reason, code }); used by /verify and /audit. */
    function certificateView(result) {
        const c = result.certificate || {};
        const seal = c.seal || {};
        return el('div', { class: 'ae-certificate' },
            verdict(result.valid, result.valid ? 'Valid' : 'Not valid',
                result.valid ? `This certificate was issued by ${c.issuingAuthority} and its seal verifies.`
                    : `${result.reason || 'The seal does not verify.'}${result.code ? ' (' + result.code + ')' : ''}`,
                { id: 'certificate-verdict' }),
            el('dl', { class: 'ae-facts' },
                el('dt', {}, 'Number'), el('dd', { class: 'ae-mono' }, c.number),
                el('dt', {}, 'Holder'), el('dd', {}, c.holder),
                el('dt', {}, 'Matter'), el('dd', {}, c.matter),
                el('dt', {}, 'Scope'), el('dd', {}, c.scope),
                el('dt', {}, 'Valid'), el('dd', {}, `${fmtDate(c.validFrom)} to ${fmtDate(c.validUntil)}`),
                el('dt', {}, 'Issuing authority'), el('dd', {}, c.issuingAuthority),
                el('dt', {}, 'Issued'), el('dd', {}, fmtTime(c.issuedAt)),
                el('dt', {}, 'Seal'), el('dd', {}, seal.algorithm ? `${seal.algorithm}, signed ${fmtTime(seal.signedAt)}` : 'none'),
                el('dt', {}, 'Seal id'), el('dd', { class: 'ae-mono' }, seal.sealId || '—'),
                el('dt', {}, 'Content hash'), el('dd', { class: 'ae-mono' }, seal.contentHash || '—')),
            el('details', {}, el('summary', {}, 'The certificate document (JSON)'),
                el('pre', { class: 'ae-json' }, JSON.stringify(c, null, 2))));
    }

    function section(title, ...children) {
        return el('section', { class: 'ae-panel' }, el('h2', {}, title), ...children);
    }

    /**
     * Draws the header, sends signed-out users to /signin (except on public pages) and tells users without one of
     * the page's roles what the page is for instead of letting every call answer 403.
     */
    function start(options, init) {
        AE.renderNav(session, options.section);
        AE.renderUser(session);
        const main = document.getElementById('ae-web');
        if (!isPublic && !session) { AE.toSignIn(); return; }
        if (options.roles && !hasRole(...options.roles)) {
            main.replaceChildren(el('section', { class: 'ae-panel ae-narrow' },
                el('h2', {}, 'Not for your role'),
                el('p', {}, `This page is for ${options.roles.map(r => r + 's').join(' and ')}. You are signed in as ${session.user} (${session.roles.join(', ')}).`),
                el('p', {}, el('a', { href: AE.homeFor(session.roles) }, 'Go to your start page'), ' · ', el('a', { href: '/signin' }, 'sign in as someone else'))));
            return;
        }
        Promise.resolve(init(session)).catch(e => {
            main.prepend(el('p', { class: 'ae-message ae-message-error', role: 'alert' }, e.message || String(e)));
        });
    }

    window.Web = {
        session, el, api, ApiError, act, say, download, downloadButton, hasRole, fmtDate, fmtTime, badge, table, pager, bars,
        splitList, section, start, verdict, certificateView, id: body.dataset.id,
    };
})();
