/**
 * Small HTML pages: the shopper's 3-D Secure challenge, the Hosted Payment Page, results,
 * and the bodies of the html / 502 / 504 faults. Plain forms with GET, so a test (or curl)
 * can complete them by requesting `?outcome=approve` directly.
 */
import type { HppInput } from './validate';

export function escapeHtml(s: string): string {
	return s.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
	);
}

function layout(title: string, body: string): string {
	return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{margin:.3rem;padding:.5rem 1.2rem}label{display:block;margin:.5rem 0}</style>
</head>
<body>
<p><small>DasGateway emulator (test mode)</small></p>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

export function threeDsPage(token: string, info: { merchant: string; amount: string; card: string }): string {
	const action = `/__emulator/3ds/${encodeURIComponent(token)}`;
	return layout(
		'3-D Secure authentication',
		`<p>Merchant: ${escapeHtml(info.merchant)}<br>Amount: ${escapeHtml(info.amount)}<br>Card: ${escapeHtml(info.card)}</p>
<form method="get" action="${action}">
<button type="submit" name="outcome" value="approve">Approve</button>
<button type="submit" name="outcome" value="decline">Decline</button>
</form>`,
	);
}

export function hppPage(id: string, link: HppInput, merchant: string): string {
	const action = `/__emulator/hpp/${encodeURIComponent(id)}`;
	const amountFields =
		link.amountMinor === null
			? `<label>Amount <input name="amount" inputmode="decimal" required></label>` +
				(link.currency === null ? `<label>Currency <input name="currency" value="JPY" maxlength="3"></label>` : '')
			: '';
	return layout(
		'Payment',
		`<p>Merchant: ${escapeHtml(merchant)}<br>Reference: ${escapeHtml(link.merchantTxnRef)}</p>
<form method="get" action="${action}">
<label>Card number <input name="card" value="4111111111111111" inputmode="numeric"></label>
<label>Name on card <input name="name" value="EMULATOR SHOPPER"></label>
${amountFields}
<button type="submit" name="outcome" value="approve">Approve</button>
<button type="submit" name="outcome" value="decline">Decline</button>
<button type="submit" name="outcome" value="cancel" formnovalidate>Cancel</button>
</form>`,
	);
}

export function resultPage(title: string, text: string, transactionId?: string): string {
	const ref = transactionId ? `<p id="transaction_reference">${escapeHtml(transactionId)}</p>` : '';
	return layout(title, `<p>${escapeHtml(text)}</p>${ref}`);
}

export function errorPage(title: string, text: string): string {
	return layout(title, `<p>${escapeHtml(text)}</p>`);
}

/** What a reverse proxy answers for 502 / 504. */
export function proxyErrorPage(status: 502 | 504): string {
	const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
	return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** The `html` fault: a 200 that is an HTML error page instead of JSON (e.g. a maintenance page). */
export const MAINTENANCE_PAGE = `<!DOCTYPE html>
<html><head><title>Service temporarily unavailable</title></head>
<body><h1>We'll be back soon</h1><p>The payment service is under maintenance. Please try again later.</p></body></html>
`;
