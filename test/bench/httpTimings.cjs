/**
 * Preloaded into the benchmark's `n8n execute` process (`node --require`): Node's own HTTP client events for every
 * request n8n makes, read through diagnostics_channel (no n8n or node code changed). On exit it writes, per request,
 * epoch milliseconds of: created (n8n's helper built the request), sent (the request was written: the connection was
 * open), response (the answer's headers arrived), end (its body was read), to
 * <tmpdir>/dasgateway-http-timings-<pid>.json.
 */
'use strict';
const { subscribe } = require('diagnostics_channel');
const { writeFileSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');
const { performance } = require('perf_hooks');

const now = () => performance.timeOrigin + performance.now();
/** [created, sent, response, end] per request; -1 for a phase not reached. */
const requests = [];

subscribe('http.client.request.start', ({ request }) => {
	const entry = [now(), -1, -1, -1];
	requests.push(entry);
	request.once('finish', () => (entry[1] = now()));
	request.once('response', (response) => {
		entry[2] = now();
		response.once('end', () => (entry[3] = now()));
	});
});

process.once('exit', () => {
	writeFileSync(join(tmpdir(), `dasgateway-http-timings-${process.pid}.json`), JSON.stringify(requests));
});
