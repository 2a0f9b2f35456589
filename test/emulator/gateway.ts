/**
 * The emulated gateway: routing of the 16 calls, in-memory state, state machine, idempotent replay,
 * subscriptions, and the 3DS / HPP shopper pages. Transport concerns (auth, faults, latency,
 * recording) live in server.ts.
 */
import { randomBytes, randomInt, randomUUID } from 'crypto';
import { behaviourOf, luhnValid, maskPan, paymentMethodLabel, schemeOf } from './cards';
import { applyDiscount, formatMinor, minorToNumber, parseAmount } from './money';
import { hppPage, resultPage, threeDsPage, errorPage } from './pages';
import {
	INFO_CAPTURE,
	INFO_PAYMENT,
	INFO_REFUND,
	INFO_SUBSCRIPTION_UPDATED,
	INFO_VOID,
	declineMessage,
	errorBody,
	followUpResponse,
	statusResponse,
	transactionResponse,
	webhook3dsPayload,
	webhookPayload,
	type GatewayMessage,
	type MerchantInfo,
	type Txn,
	type TxnType,
} from './shapes';
import type { SubscriptionView, TransactionSnapshot } from './types';
import {
	isObject,
	isUuid,
	validateFollowUp,
	validateHpp,
	validatePayment,
	type Address,
	type HppInput,
	type Issues,
	type Json,
	type PaymentInput,
	type PaymentKind,
	type ReturnUrls,
	type SubscriptionInput,
} from './validate';
import type { WebhookDispatcher } from './webhooks';

export const BASE_PATH = '/api/v1/server-to-server-interface';

export interface GatewayResult {
	status: number;
	/** JSON body. */
	body?: unknown;
	/** HTML body (pages). */
	html?: string;
	/** Redirect target (302). */
	location?: string;
	/** Run after the answer is written (or lost): webhook sends. */
	effects?: Array<() => void>;
}

export interface CallContext {
	/** Address of the HTTP caller (visited_ip). */
	remoteIp: string;
}

export interface GatewayConfig extends MerchantInfo {
	/** The emulator's own URL, for 3DS and HPP links. */
	baseUrl: () => string;
}

interface StoredCard {
	number: string;
	name: string;
	expMonth: string;
	expYear: string;
	scheme: string;
}

interface IdempotencyEntry {
	amountMinor: number;
	currency: string;
	status: number;
	bodyJson: string;
}

interface Subscription {
	id: string;
	plan: SubscriptionInput;
	amountMinor: number;
	currency: string;
	status: 'ACTIVE' | 'PAUSED' | 'CANCELLED' | 'COMPLETED';
	completed: number;
	nextCycle: number | null;
	nextPaymentDate: Date | null;
	lastPaymentStatus: 'SUCCESSFUL' | 'FAILED';
	cycles: Array<{ txnId: string; cycle: number }>;
	card: StoredCard;
	template: Txn;
}

interface HppLink {
	id: string;
	input: HppInput;
	status: 'ACTIVE' | 'COMPLETED';
	transactionId?: string;
}

interface ThreeDsSession {
	token: string;
	input: PaymentInput;
	card: StoredCard;
	tokenId: string | null;
	visitedIp: string;
	used: boolean;
	transactionId?: string;
}

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, '.000Z');

function addInterval(from: Date, unit: 'DAYS' | 'MONTHS', n: number): Date {
	const d = new Date(from.getTime());
	if (unit === 'DAYS') d.setUTCDate(d.getUTCDate() + n);
	else d.setUTCMonth(d.getUTCMonth() + n);
	return d;
}

function withQuery(url: string, key: string, value: string): string {
	const u = new URL(url);
	u.searchParams.set(key, value);
	return u.toString();
}

export class Gateway {
	private txns = new Map<string, Txn>();
	private tokens = new Map<string, StoredCard>();
	private subs = new Map<string, Subscription>();
	private links = new Map<string, HppLink>();
	private sessions = new Map<string, ThreeDsSession>();
	private idem = new Map<string, IdempotencyEntry>();
	private nextRef = 40001;

	constructor(
		private cfg: GatewayConfig,
		private webhooks: WebhookDispatcher,
	) {}

	reset(): void {
		this.txns.clear();
		this.tokens.clear();
		this.subs.clear();
		this.links.clear();
		this.sessions.clear();
		this.idem.clear();
		this.nextRef = 40001;
	}

	// ---------------------------------------------------------------- routing

	/** `subpath` is the path after BASE_PATH; `body` is the parsed JSON (undefined for none). */
	handle(method: string, subpath: string, body: unknown, ctx: CallContext): GatewayResult {
		const m = method.toUpperCase();
		const is = (verb: string, re: RegExp) => (re.test(subpath) ? (m === verb ? 'yes' : 'wrong-method') : 'no');
		const routes: Array<[string, RegExp, (match: RegExpExecArray) => GatewayResult]> = [
			['POST', /^\/hpp\/generate\/link$/, () => this.withBody(body, (b) => this.createHppLink(b))],
			['POST', /^\/authorization$/, () => this.withBody(body, (b) => this.pay(b, 'authorization', ctx))],
			['POST', /^\/payment$/, () => this.withBody(body, (b) => this.pay(b, 'payment', ctx))],
			['POST', /^\/paymentv2$/, () => this.withBody(body, (b) => this.pay(b, 'paymentv2', ctx))],
			['POST', /^\/capture$/, () => this.withBody(body, (b) => this.capture(b))],
			['POST', /^\/refund$/, () => this.withBody(body, (b) => this.refund(b))],
			['POST', /^\/void$/, () => this.withBody(body, (b) => this.void(b))],
			['GET', /^\/transaction\/status\/([^/]*)$/, (x) => this.status(x[1])],
			['POST', /^\/subscription\/payment$/, () => this.withBody(body, (b) => this.pay(b, 'subscription', ctx))],
			['GET', /^\/subscription\/list$/, () => this.subscriptionList()],
			[
				'GET',
				/^\/subscription\/([^/]+)\/(pause|resume|cancel)$/,
				(x) => this.subscriptionAction(x[1], x[2] as 'pause' | 'resume' | 'cancel'),
			],
			['GET', /^\/subscription\/([^/]+)$/, (x) => this.subscriptionDetails(x[1])],
		];
		let wrongMethod = false;
		for (const [verb, re, fn] of routes) {
			const hit = is(verb, re);
			if (hit === 'yes') return fn(re.exec(subpath) as RegExpExecArray);
			if (hit === 'wrong-method') wrongMethod = true;
		}
		return {
			status: 404,
			body: errorBody(
				404,
				'ERR0404',
				wrongMethod ? `Cannot ${m} ${BASE_PATH}${subpath}` : `Route not found: ${m} ${BASE_PATH}${subpath}`,
			),
		};
	}

	private withBody(body: unknown, fn: (b: Json) => GatewayResult): GatewayResult {
		if (!isObject(body)) return { status: 400, body: errorBody(400, 'VAL0001', 'Request body must be a JSON object') };
		return fn(body);
	}

	// ---------------------------------------------------------------- helpers

	private info(): MerchantInfo {
		return { merchantId: this.cfg.merchantId, merchantName: this.cfg.merchantName };
	}

	/** 401 when a merchant_id is given that is not this emulator's merchant. */
	private merchantMismatch(body: Json): GatewayResult | undefined {
		const mid = body.merchant_id;
		if (typeof mid === 'string' && mid !== '' && mid !== this.cfg.merchantId) {
			return {
				status: 401,
				body: errorBody(401, 'ERR0401', `merchant_id "${mid}" does not match the merchant of this API key`),
			};
		}
		return undefined;
	}

	private invalid(issues: Issues): GatewayResult {
		const code = issues.list[0]?.field === 'card.name' ? 'VAL0035' : 'VAL0001';
		return { status: 400, body: errorBody(400, code, `Invalid request: ${issues.text()}`) };
	}

	private notFound(what: string, id: string): GatewayResult {
		return { status: 404, body: errorBody(404, 'ERR0404', `${what} ${id} not found`) };
	}

	private precondition(message: string, code = 'ERR0412'): GatewayResult {
		return { status: 412, body: errorBody(412, code, message) };
	}

	private newTxn(
		fields: Omit<Txn, 'id' | 'ref' | 'timestamp' | 'capturedMinor' | 'refundedMinor' | 'voided' | 'childIds'>,
	): Txn {
		const t: Txn = {
			...fields,
			id: randomUUID(),
			ref: this.nextRef++,
			timestamp: nowIso(),
			capturedMinor: fields.type === 'CAPTURE' && fields.approved ? fields.amountMinor : 0,
			refundedMinor: 0,
			voided: false,
			childIds: [],
		};
		this.txns.set(t.id, t);
		return t;
	}

	private cardView(card: StoredCard) {
		return {
			name: card.name,
			masked: maskPan(card.number),
			expMonth: card.expMonth,
			expYear: card.expYear,
			scheme: card.scheme,
			paymentMethod: paymentMethodLabel(card.scheme),
		};
	}

	private outcome(approved: boolean, responseCode: number, info: GatewayMessage) {
		return approved
			? { approved: true, responseCode: 0, gateway: info, authCode: String(randomInt(100000, 1000000)) }
			: { approved: false, responseCode, gateway: declineMessage(responseCode), authCode: null };
	}

	/** Webhook effect for a transaction, to `url` if non-empty. */
	private webhookEffect(t: Txn, url: string, returnUrl: ReturnUrls): Array<() => void> {
		if (!url) return [];
		const payload = t.channel === '3ds' ? webhook3dsPayload(t, this.info()) : webhookPayload(t, this.info(), returnUrl);
		return [() => void this.webhooks.enqueue(url, payload, t.id)];
	}

	// ---------------------------------------------------------------- payments

	private pay(body: Json, kind: PaymentKind, ctx: CallContext): GatewayResult {
		const mismatch = this.merchantMismatch(body);
		if (mismatch) return mismatch;
		const { issues, input } = validatePayment(body, kind, new Date());
		if (!input) return this.invalid(issues);

		// Idempotency (emulator behavior; the manual is silent): same endpoint + merchant + merchant_txn_ref.
		const key = `${kind}|${input.merchantId}|${input.merchantTxnRef}`;
		const prior = this.idem.get(key);
		if (prior) {
			if (prior.amountMinor === input.amountMinor && prior.currency === input.currency) {
				return { status: prior.status, body: JSON.parse(prior.bodyJson) };
			}
			return {
				status: 400,
				body: {
					...errorBody(400, 'ERR1094', 'Duplicate transmission detected'),
					merchant_details: {
						legal_name: this.cfg.merchantName,
						mid: this.cfg.merchantId,
						merchant_txn_ref: input.merchantTxnRef,
					},
					payment_details: {
						amount: formatMinor(input.amountMinor, input.currency),
						response_code: 94,
						currency: input.currency,
					},
				},
			};
		}
		const remember = (r: GatewayResult): GatewayResult => {
			this.idem.set(key, {
				amountMinor: input.amountMinor,
				currency: input.currency,
				status: r.status,
				bodyJson: JSON.stringify(r.body),
			});
			return r;
		};

		// The card: given, or stored under a token.
		let card: StoredCard;
		let usedToken: string | null = null;
		const tokenId = input.paymentMethod?.storedPaymentMethodId;
		if (tokenId !== undefined) {
			const stored = this.tokens.get(tokenId);
			if (!stored) return this.notFound('Stored payment method', tokenId);
			card = stored;
			usedToken = tokenId;
		} else {
			const c = input.card!;
			card = { number: c.number, name: c.name, expMonth: c.expMonth, expYear: c.expYear, scheme: schemeOf(c.number) };
		}

		const type: TxnType = kind === 'authorization' ? 'PRE_AUTH' : 'CAPTURE';
		const base = {
			type,
			channel: (kind === 'subscription' ? 'subscription' : 'api') as Txn['channel'],
			endpoint: kind,
			amountMinor: input.amountMinor,
			currency: input.currency,
			merchantTxnRef: input.merchantTxnRef,
			card: this.cardView(card),
			billing: input.billing,
			shipping: input.shipping,
			customerIp: input.customerIp,
			visitedIp: ctx.remoteIp,
			returnUrl: input.returnUrl,
			currencyNullInResponse: kind === 'payment' && input.paymentMethod === undefined,
		};

		if (!luhnValid(card.number)) {
			const t = this.newTxn({
				...base,
				httpStatus: 406,
				approved: false,
				responseCode: 14,
				gateway: { type: 'ERROR', message: 'Invalid card number.', code: 'ERR1014' },
				authCode: null,
				storedPaymentMethodId: null,
			});
			return remember({
				status: 406,
				body: transactionResponse(t, this.info()),
				effects: this.webhookEffect(t, input.returnUrl.webhook_url, input.returnUrl),
			});
		}

		const behaviour = behaviourOf(card.number);
		if (behaviour.kind === 'risk') {
			return { status: 400, body: errorBody(400, behaviour.code, behaviour.message) };
		}

		if (kind === 'paymentv2') {
			const token = randomBytes(24).toString('base64url');
			this.sessions.set(token, { token, input, card, tokenId: usedToken, visitedIp: ctx.remoteIp, used: false });
			const url = `${this.cfg.baseUrl()}/__emulator/3ds/${token}`;
			return remember({ status: 200, body: { url, statusCode: 200, success: true, redirect_url: url } });
		}

		let approved = true;
		let responseCode = 0;
		if (behaviour.kind === 'decline') {
			approved = false;
			responseCode = behaviour.responseCode;
		} else if (behaviour.kind === '3ds') {
			approved = false;
			responseCode = 65; // "Authentication requested": this card needs /paymentv2
		}

		let amountMinor = input.amountMinor;
		const plan = input.subscription;
		if (plan && plan.hasDiscount && (plan.discountDuration ?? 0) >= 1) {
			amountMinor = applyDiscount(amountMinor, plan.discountPercentage ?? 0);
		}

		let storedId: string | null = usedToken;
		if (approved && !usedToken && input.paymentMethod?.store) {
			storedId = randomUUID();
			this.tokens.set(storedId, card);
		}

		const t = this.newTxn({
			...base,
			amountMinor,
			httpStatus: 201,
			...this.outcome(approved, responseCode, INFO_PAYMENT),
			storedPaymentMethodId: storedId,
		});
		const response = transactionResponse(t, this.info());
		if (plan && approved) {
			const sub = this.createSubscription(plan, input, card, t);
			response.subscription_details = this.subscriptionView(sub, 'create');
		}
		return remember({
			status: 201,
			body: response,
			effects: this.webhookEffect(t, input.returnUrl.webhook_url, input.returnUrl),
		});
	}

	// ---------------------------------------------------------------- capture / refund / void

	private followUpTarget(
		body: Json,
		kind: 'capture' | 'refund' | 'void',
	): { target: Txn; amountText?: unknown; notes?: string } | GatewayResult {
		const mismatch = this.merchantMismatch(body);
		if (mismatch) return mismatch;
		const { issues, input } = validateFollowUp(body, kind);
		if (!input) return this.invalid(issues);
		const target = this.txns.get(input.transactionId.toLowerCase());
		if (!target) return this.notFound('Transaction', input.transactionId);
		return { target, amountText: input.amountText, notes: input.notes };
	}

	private followUpAmount(text: unknown, currency: string): number | GatewayResult {
		const parsed = parseAmount(text, currency);
		if (!parsed.ok) return { status: 400, body: errorBody(400, 'VAL0001', `Invalid request: amount ${parsed.error}`) };
		return parsed.minor;
	}

	private followUpTxn(type: TxnType, parent: Txn, amountMinor: number, info: GatewayMessage, notes?: string): Txn {
		const t = this.newTxn({
			type,
			channel: 'api',
			endpoint: type.toLowerCase(),
			httpStatus: 201,
			approved: true,
			responseCode: 0,
			gateway: info,
			amountMinor,
			currency: parent.currency,
			merchantTxnRef: parent.merchantTxnRef,
			card: parent.card,
			authCode: String(randomInt(100000, 1000000)),
			billing: parent.billing,
			shipping: parent.shipping,
			customerIp: parent.customerIp,
			visitedIp: parent.visitedIp,
			storedPaymentMethodId: parent.storedPaymentMethodId,
			returnUrl: parent.returnUrl,
			parentId: parent.id,
			notes,
			subscriptionId: parent.subscriptionId,
			currencyNullInResponse: true,
		});
		parent.childIds.push(t.id);
		return t;
	}

	private root(t: Txn): Txn {
		return t.parentId ? (this.txns.get(t.parentId) ?? t) : t;
	}

	private answerFollowUp(t: Txn): GatewayResult {
		const root = this.root(t);
		return {
			status: 201,
			body: followUpResponse(t, this.info()),
			effects: this.webhookEffect(t, root.returnUrl.webhook_url, root.returnUrl),
		};
	}

	private capture(body: Json): GatewayResult {
		const r = this.followUpTarget(body, 'capture');
		if ('status' in r) return r;
		const { target } = r;
		const ccy = target.currency;
		const amount = this.followUpAmount(r.amountText, ccy);
		if (typeof amount !== 'number') return amount;
		if (target.type !== 'PRE_AUTH') {
			return this.precondition(
				`Transaction ${target.id} is a ${target.type}; only an authorised (PRE_AUTH) transaction can be captured`,
			);
		}
		if (!target.approved)
			return this.precondition(
				`Transaction ${target.id} was declined (response_code ${target.responseCode}); it cannot be captured`,
			);
		if (target.voided) return this.precondition(`Authorisation ${target.id} has been voided; it cannot be captured`);
		const remaining = target.amountMinor - target.capturedMinor;
		if (remaining <= 0)
			return this.precondition(
				`Authorisation ${target.id} is already fully captured (${formatMinor(target.amountMinor, ccy)} ${ccy})`,
			);
		if (amount > remaining) {
			return this.precondition(
				`Capture amount ${formatMinor(amount, ccy)} ${ccy} exceeds the remaining authorised amount ${formatMinor(remaining, ccy)} ${ccy} of transaction ${target.id}`,
			);
		}
		target.capturedMinor += amount;
		return this.answerFollowUp(this.followUpTxn('CAPTURE', target, amount, INFO_CAPTURE, r.notes));
	}

	private refund(body: Json): GatewayResult {
		const r = this.followUpTarget(body, 'refund');
		if ('status' in r) return r;
		const { target } = r;
		const ccy = target.currency;
		const amount = this.followUpAmount(r.amountText, ccy);
		if (typeof amount !== 'number') return amount;
		if (target.type === 'REFUND' || target.type === 'VOID') {
			return this.precondition(
				`Transaction ${target.id} is a ${target.type}; only a captured transaction can be refunded`,
			);
		}
		if (!target.approved)
			return this.precondition(
				`Transaction ${target.id} was declined (response_code ${target.responseCode}); it cannot be refunded`,
			);
		if (target.type === 'PRE_AUTH' && target.capturedMinor === 0) {
			return this.precondition(`Authorisation ${target.id} has not been captured; capture it first, or void it`);
		}
		const refundable = target.capturedMinor - target.refundedMinor;
		if (amount > refundable) {
			return this.precondition(
				`You don’t have balance amount for refund. Requested ${formatMinor(amount, ccy)} ${ccy}, refundable ${formatMinor(refundable, ccy)} ${ccy} on transaction ${target.id}`,
				'ERR0204',
			);
		}
		target.refundedMinor += amount;
		if (target.type === 'PRE_AUTH') {
			// Spread over the captures of this authorization, oldest first.
			let left = amount;
			for (const childId of target.childIds) {
				const c = this.txns.get(childId);
				if (!c || c.type !== 'CAPTURE' || left === 0) continue;
				const take = Math.min(left, c.capturedMinor - c.refundedMinor);
				c.refundedMinor += take;
				left -= take;
			}
		} else if (target.parentId) {
			const parent = this.txns.get(target.parentId);
			if (parent && parent.type === 'PRE_AUTH') parent.refundedMinor += amount;
		}
		return this.answerFollowUp(this.followUpTxn('REFUND', target, amount, INFO_REFUND, r.notes));
	}

	private void(body: Json): GatewayResult {
		const r = this.followUpTarget(body, 'void');
		if ('status' in r) return r;
		const { target } = r;
		if (target.type !== 'PRE_AUTH') {
			const hint = target.type === 'CAPTURE' ? ' (refund it instead)' : '';
			return this.precondition(
				`Transaction ${target.id} is a ${target.type}; only an authorisation (PRE_AUTH) can be voided${hint}`,
			);
		}
		if (!target.approved)
			return this.precondition(
				`Transaction ${target.id} was declined (response_code ${target.responseCode}); there is nothing to void`,
			);
		if (target.voided) return this.precondition(`Authorisation ${target.id} is already voided`);
		if (target.capturedMinor > 0) {
			return this.precondition(
				`Authorisation ${target.id} has already been captured; it can no longer be voided (refund the capture instead)`,
			);
		}
		target.voided = true;
		return this.answerFollowUp(this.followUpTxn('VOID', target, target.amountMinor, INFO_VOID));
	}

	// ---------------------------------------------------------------- status

	private status(rawId: string): GatewayResult {
		let id: string;
		try {
			id = decodeURIComponent(rawId);
		} catch {
			id = rawId;
		}
		if (!isUuid(id))
			return {
				status: 400,
				body: errorBody(400, 'VAL0001', `Invalid request: transactionId must be a transaction id (UUID), got "${id}"`),
			};
		const t = this.txns.get(id.toLowerCase());
		if (!t) return this.notFound('Transaction', id);
		return { status: 200, body: statusResponse(t, this.info()) };
	}

	// ---------------------------------------------------------------- subscriptions

	private createSubscription(plan: SubscriptionInput, input: PaymentInput, card: StoredCard, first: Txn): Subscription {
		const created = new Date();
		const sub: Subscription = {
			id: randomUUID(),
			plan,
			amountMinor: input.amountMinor,
			currency: input.currency,
			status: 'ACTIVE',
			completed: 1,
			nextCycle: 2,
			nextPaymentDate: plan.hasTrial
				? addInterval(created, plan.trialType ?? 'DAYS', plan.trialDuration ?? 0)
				: addInterval(created, plan.cycleType, plan.cycleInterval ?? 1),
			lastPaymentStatus: 'SUCCESSFUL',
			cycles: [{ txnId: first.id, cycle: 1 }],
			card,
			template: first,
		};
		first.subscriptionId = sub.id;
		this.finishIfDone(sub);
		this.subs.set(sub.id, sub);
		return sub;
	}

	private finishIfDone(sub: Subscription): void {
		if (sub.plan.isCycle && sub.plan.maxCycleCount !== null && sub.completed >= sub.plan.maxCycleCount) {
			sub.status = 'COMPLETED';
			sub.nextPaymentDate = null;
			sub.nextCycle = null;
		}
	}

	/**
	 * create: the Create Subscription sample (no last_payment_status, no transactions);
	 * object: pause/resume/cancel (and the advance control call); list: list and details (array items,
	 * "" for empty values, MONTHS shown as "MONTHLY" as in the list sample).
	 */
	private subscriptionView(sub: Subscription, form: 'create' | 'object' | 'list'): SubscriptionView {
		const list = form === 'list';
		const empty = list ? '' : null;
		const p = sub.plan;
		const plan = {
			name: p.planName,
			desc: p.planDesc,
			billing_cycle_type: list && p.cycleType === 'MONTHS' ? 'MONTHLY' : p.cycleType,
			billing_cycle_interval: p.cycleInterval ?? '',
			amount: minorToNumber(sub.amountMinor, sub.currency),
			ccy: sub.currency,
			trial_period_duration: p.hasTrial ? p.trialDuration : '',
			trial_period_duration_type: p.hasTrial ? p.trialType : 'NONE',
			plan_discount_percentage: p.hasDiscount ? p.discountPercentage : '',
			plan_discount_duration: p.hasDiscount ? p.discountDuration : '',
		};
		const view: Record<string, unknown> = {
			id: sub.id,
			type: p.endType,
			max_cycle_count: p.isCycle ? p.maxCycleCount : empty,
			status: sub.status,
			completed_payment_cycle: sub.completed,
		};
		if (form !== 'create') view.last_payment_status = sub.lastPaymentStatus;
		view.next_payment_date = sub.nextPaymentDate ? sub.nextPaymentDate.toISOString() : empty;
		view.next_payment_cycle = sub.nextCycle ?? empty;
		view.subscription_plan_details = plan;
		if (form !== 'create') {
			view.subscription_transcation_details = sub.cycles.map(({ txnId, cycle }) => {
				const t = this.txns.get(txnId) as Txn;
				return {
					id: t.id,
					ref: t.ref,
					cycle,
					status: t.approved ? 'SUCCESSFUL' : 'FAILED',
					transaction_date: t.timestamp,
					amount: minorToNumber(t.amountMinor, t.currency),
					ccy: t.currency,
					event: t.approved ? 'CAPTURED' : 'DECLINED',
				};
			});
		}
		return view as unknown as SubscriptionView;
	}

	private findSubscription(rawId: string): Subscription | GatewayResult {
		const id = decodeURIComponent(rawId);
		if (!isUuid(id))
			return {
				status: 400,
				body: errorBody(400, 'VAL0001', `Invalid request: subscription id must be a UUID, got "${id}"`),
			};
		const sub = this.subs.get(id.toLowerCase());
		if (!sub) return this.notFound('Subscription', id);
		return sub;
	}

	private subscriptionList(): GatewayResult {
		return {
			status: 200,
			body: {
				success: true,
				status_code: 200,
				is_live: false,
				subscription_details: [...this.subs.values()].map((s) => this.subscriptionView(s, 'list')),
			},
		};
	}

	private subscriptionDetails(rawId: string): GatewayResult {
		const found = this.findSubscription(rawId);
		if (!('plan' in found)) return found;
		return {
			status: 200,
			body: {
				success: true,
				status_code: 200,
				is_live: false,
				subscription_details: [this.subscriptionView(found, 'list')],
			},
		};
	}

	private subscriptionAction(rawId: string, action: 'pause' | 'resume' | 'cancel'): GatewayResult {
		const found = this.findSubscription(rawId);
		if (!('plan' in found)) return found;
		const sub = found;
		const from = sub.status;
		if (action === 'pause' && from !== 'ACTIVE')
			return this.precondition(`Subscription ${sub.id} is ${from}; only an ACTIVE subscription can be paused`);
		if (action === 'resume' && from !== 'PAUSED')
			return this.precondition(`Subscription ${sub.id} is ${from}; only a PAUSED subscription can be resumed`);
		if (action === 'cancel' && from !== 'ACTIVE' && from !== 'PAUSED') {
			return this.precondition(
				`Subscription ${sub.id} is ${from}; only an ACTIVE or PAUSED subscription can be cancelled`,
			);
		}
		sub.status = action === 'pause' ? 'PAUSED' : action === 'resume' ? 'ACTIVE' : 'CANCELLED';
		return {
			status: 200,
			body: {
				success: true,
				status_code: 200,
				is_live: false,
				gateway_response: { version: '1', ...INFO_SUBSCRIPTION_UPDATED },
				subscription_details: this.subscriptionView(sub, 'object'),
			},
		};
	}

	/** Control call: bill the next cycle of an ACTIVE subscription. */
	advance(rawId: string, outcome: 'approve' | 'decline' = 'approve'): GatewayResult {
		const found = this.findSubscription(rawId);
		if (!('plan' in found)) return found;
		const sub = found;
		if (sub.status !== 'ACTIVE')
			return this.precondition(`Subscription ${sub.id} is ${sub.status}; only an ACTIVE subscription can be billed`);
		const cycle = sub.nextCycle as number;
		const p = sub.plan;
		const discounted = p.hasDiscount && cycle <= (p.discountDuration ?? 0);
		const amountMinor = discounted ? applyDiscount(sub.amountMinor, p.discountPercentage ?? 0) : sub.amountMinor;
		const tpl = sub.template;
		const approved = outcome === 'approve';
		const t = this.newTxn({
			type: 'CAPTURE',
			channel: 'subscription',
			endpoint: 'subscription-cycle',
			httpStatus: 201,
			...this.outcome(approved, 5, INFO_PAYMENT),
			amountMinor,
			currency: sub.currency,
			merchantTxnRef: tpl.merchantTxnRef,
			card: tpl.card,
			billing: tpl.billing,
			shipping: tpl.shipping,
			customerIp: tpl.customerIp,
			visitedIp: tpl.visitedIp,
			storedPaymentMethodId: null,
			returnUrl: tpl.returnUrl,
			subscriptionId: sub.id,
			currencyNullInResponse: false,
		});
		sub.cycles.push({ txnId: t.id, cycle });
		sub.lastPaymentStatus = approved ? 'SUCCESSFUL' : 'FAILED';
		if (approved) {
			sub.completed += 1;
			sub.nextCycle = cycle + 1;
			sub.nextPaymentDate = addInterval(sub.nextPaymentDate ?? new Date(), p.cycleType, p.cycleInterval ?? 1);
			this.finishIfDone(sub);
		}
		return {
			status: 200,
			body: this.subscriptionView(sub, 'object'),
			effects: this.webhookEffect(t, tpl.returnUrl.webhook_url, tpl.returnUrl),
		};
	}

	// ---------------------------------------------------------------- HPP

	private hppView(link: HppLink): Record<string, unknown> {
		const i = link.input;
		const addr = (a: Address | null) =>
			a && {
				city: a.city,
				email: a.email,
				phone: a.phone_number,
				state: a.state,
				country: a.country,
				address1: a.address1,
			};
		return {
			id: link.id,
			url: `${this.cfg.baseUrl()}/__emulator/hpp/${link.id}`,
			amount: i.amountMinor === null ? '' : formatMinor(i.amountMinor, i.currency as string),
			currency: i.currency ?? '',
			merchant_txn_ref: i.merchantTxnRef,
			merchant_id: i.merchantId,
			merchant_email: i.merchantEmail,
			return_url: {
				webhook_url: i.returnUrl.webhook_url,
				success_url: i.returnUrl.success_url,
				decline_url: i.returnUrl.decline_url,
				cancel_url: i.returnUrl.cancel_url,
			},
			billing_address: addr(i.billing),
			shipping_address: addr(i.shipping),
			status: link.status,
			isValid: link.status === 'ACTIVE',
		};
	}

	private createHppLink(body: Json): GatewayResult {
		const mismatch = this.merchantMismatch(body);
		if (mismatch) return mismatch;
		const { issues, input } = validateHpp(body);
		if (!input) return this.invalid(issues);
		const link: HppLink = { id: randomUUID(), input, status: 'ACTIVE' };
		this.links.set(link.id, link);
		return { status: 201, body: this.hppView(link) };
	}

	/** GET /__emulator/hpp/:id[?outcome=approve|decline|cancel&amount=&currency=&card=&name=] */
	hppPage(id: string, query: URLSearchParams, ctx: CallContext): GatewayResult {
		const link = this.links.get(id.toLowerCase());
		if (!link) return { status: 404, html: errorPage('Payment link not found', `No hosted payment page ${id}.`) };
		const i = link.input;
		if (link.status !== 'ACTIVE') {
			return {
				status: 410,
				html: errorPage(
					'Payment link already used',
					`This payment link was already used (transaction ${link.transactionId}).`,
				),
			};
		}
		const outcome = query.get('outcome');
		if (outcome === null) return { status: 200, html: hppPage(link.id, i, this.cfg.merchantName) };
		if (outcome === 'cancel') {
			if (i.returnUrl.cancel_url) return { status: 302, location: i.returnUrl.cancel_url };
			return {
				status: 200,
				html: resultPage('Payment cancelled', 'The payment was cancelled; the link can still be used.'),
			};
		}
		if (outcome !== 'approve' && outcome !== 'decline') {
			return { status: 400, html: errorPage('Invalid outcome', 'outcome must be approve, decline or cancel.') };
		}
		const currency = i.currency ?? (query.get('currency') || 'JPY');
		let amountMinor = i.amountMinor;
		if (amountMinor === null) {
			const parsed = parseAmount(query.get('amount') ?? '', currency);
			if (!parsed.ok)
				return {
					status: 400,
					html: errorPage('Invalid amount', `amount ${parsed.error}. The link can still be used.`),
				};
			amountMinor = parsed.minor;
		}
		const number = (query.get('card') || '4111111111111111').replace(/\s+/g, '');
		if (!/^\d{13,19}$/.test(number) || !luhnValid(number)) {
			return {
				status: 400,
				html: errorPage('Invalid card number', 'The card number is not valid. The link can still be used.'),
			};
		}
		const behaviour = behaviourOf(number);
		if (behaviour.kind === 'risk')
			return { status: 400, html: errorPage('Card refused', `${behaviour.code}: ${behaviour.message}`) };
		const expYear = String((new Date().getUTCFullYear() + 3) % 100).padStart(2, '0');
		const card: StoredCard = {
			number,
			name: query.get('name') || 'EMULATOR SHOPPER',
			expMonth: '12',
			expYear,
			scheme: schemeOf(number),
		};
		let approved = outcome === 'approve';
		let code = 5;
		if (approved && behaviour.kind === 'decline') {
			approved = false;
			code = behaviour.responseCode;
		}
		let storedId: string | null = null;
		if (approved && i.paymentMethod?.store) {
			storedId = randomUUID();
			this.tokens.set(storedId, card);
		}
		const t = this.newTxn({
			type: 'CAPTURE',
			channel: 'hpp',
			endpoint: 'hpp',
			httpStatus: 201,
			...this.outcome(approved, code, INFO_PAYMENT),
			amountMinor,
			currency,
			merchantTxnRef: i.merchantTxnRef,
			card: this.cardView(card),
			billing: i.billing,
			shipping: i.shipping,
			customerIp: ctx.remoteIp,
			visitedIp: ctx.remoteIp,
			storedPaymentMethodId: storedId,
			returnUrl: i.returnUrl,
			currencyNullInResponse: false,
		});
		link.status = 'COMPLETED';
		link.transactionId = t.id;
		return this.redirectAfterPayment(t, i.returnUrl);
	}

	// ---------------------------------------------------------------- 3DS

	/** GET /__emulator/3ds/:token[?outcome=approve|decline] */
	threeDsPage(token: string, query: URLSearchParams): GatewayResult {
		const s = this.sessions.get(token);
		if (!s)
			return { status: 404, html: errorPage('3-D Secure session not found', 'Unknown or expired 3-D Secure session.') };
		if (s.used) {
			return {
				status: 410,
				html: errorPage(
					'3-D Secure session already used',
					`This authentication was already completed (transaction ${s.transactionId}).`,
				),
			};
		}
		const outcome = query.get('outcome');
		if (outcome === null) {
			return {
				status: 200,
				html: threeDsPage(token, {
					merchant: this.cfg.merchantName,
					amount: `${formatMinor(s.input.amountMinor, s.input.currency)} ${s.input.currency}`,
					card: maskPan(s.card.number),
				}),
			};
		}
		if (outcome !== 'approve' && outcome !== 'decline') {
			return { status: 400, html: errorPage('Invalid outcome', 'outcome must be approve or decline.') };
		}
		const behaviour = behaviourOf(s.card.number);
		let approved = outcome === 'approve';
		let code = 5;
		if (approved && behaviour.kind === 'decline') {
			approved = false;
			code = behaviour.responseCode;
		}
		const i = s.input;
		let storedId: string | null = s.tokenId;
		if (approved && !storedId && i.paymentMethod?.store) {
			storedId = randomUUID();
			this.tokens.set(storedId, s.card);
		}
		const t = this.newTxn({
			type: 'CAPTURE',
			channel: '3ds',
			endpoint: 'paymentv2',
			httpStatus: 200,
			...this.outcome(approved, code, INFO_PAYMENT),
			amountMinor: i.amountMinor,
			currency: i.currency,
			merchantTxnRef: i.merchantTxnRef,
			card: this.cardView(s.card),
			billing: i.billing,
			shipping: i.shipping,
			customerIp: i.customerIp,
			visitedIp: s.visitedIp,
			storedPaymentMethodId: storedId,
			returnUrl: i.returnUrl,
			currencyNullInResponse: false,
		});
		s.used = true;
		s.transactionId = t.id;
		return this.redirectAfterPayment(t, i.returnUrl);
	}

	private redirectAfterPayment(t: Txn, urls: ReturnUrls): GatewayResult {
		const effects = this.webhookEffect(t, urls.webhook_url, urls);
		const target = t.approved ? urls.success_url : urls.decline_url;
		if (target) return { status: 302, location: withQuery(target, 'transaction_reference', t.id), effects };
		const title = t.approved ? 'Payment approved' : 'Payment declined';
		return { status: 200, html: resultPage(title, `transaction_reference: ${t.id}`, t.id), effects };
	}

	// ---------------------------------------------------------------- snapshots

	transactions(): TransactionSnapshot[] {
		return [...this.txns.values()].map((t) => ({
			id: t.id,
			ref: t.ref,
			type: t.type,
			channel: t.channel,
			endpoint: t.endpoint,
			approved: t.approved,
			responseCode: t.responseCode,
			amount: formatMinor(t.amountMinor, t.currency),
			currency: t.currency,
			merchantTxnRef: t.merchantTxnRef,
			...(t.parentId ? { parentId: t.parentId } : {}),
			capturedAmount: formatMinor(t.capturedMinor, t.currency),
			refundedAmount: formatMinor(t.refundedMinor, t.currency),
			voided: t.voided,
			storedPaymentMethodId: t.storedPaymentMethodId,
			...(t.subscriptionId ? { subscriptionId: t.subscriptionId } : {}),
			cardNumber: t.card.masked,
			scheme: t.card.scheme,
			timestamp: t.timestamp,
		}));
	}
}
