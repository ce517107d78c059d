/** Facts about a card number that the API does not give: Luhn validity, network, a mask. */

/** Digits only: the API may answer with spaces or dashes between the groups. */
export function normalizeCardNumber(cardNumber: string): string {
	return cardNumber.replace(/[\s-]/g, '');
}

/** The Luhn (mod 10) check that every payment card number passes. */
export function isLuhnValid(cardNumber: string): boolean {
	const digits = normalizeCardNumber(cardNumber);
	if (!/^\d{12,19}$/.test(digits)) return false;
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let digit = Number(digits[digits.length - 1 - i]);
		if (i % 2 === 1) {
			digit *= 2;
			if (digit > 9) digit -= 9;
		}
		sum += digit;
	}
	return sum % 10 === 0;
}

export type CardNetwork =
	| 'UnionPay'
	| 'Visa'
	| 'Mastercard'
	| 'American Express'
	| 'JCB'
	| 'Discover'
	| 'Diners Club'
	| 'Maestro';

interface PrefixRange {
	network: CardNetwork;
	from: number;
	to: number;
}

function range(network: CardNetwork, from: number, to = from): PrefixRange {
	return { network, from, to };
}

/**
 * The networks' leading-digit ranges; where ranges overlap, the longest prefix wins (6011 is
 * Discover inside nothing else; 676770 is Maestro inside 67). Discover's co-branded range
 * 622126–622925 is left out on purpose: those are UnionPay cards in China, where this API's
 * cards come from, so every 62… number is UnionPay.
 */
export const PREFIX_RANGES: readonly PrefixRange[] = [
	range('Visa', 4),
	range('Mastercard', 51, 55),
	range('Mastercard', 2221, 2720),
	range('American Express', 34),
	range('American Express', 37),
	range('UnionPay', 62),
	range('UnionPay', 81),
	range('JCB', 3528, 3589),
	range('Discover', 6011),
	range('Discover', 644, 649),
	range('Discover', 65),
	range('Diners Club', 300, 305),
	range('Diners Club', 36),
	range('Diners Club', 38, 39),
	range('Maestro', 50),
	range('Maestro', 56, 58),
	range('Maestro', 6304),
	range('Maestro', 6759),
	range('Maestro', 676770),
	range('Maestro', 676774),
];

/** The card network from the number's leading digits (longest matching prefix), or null. */
export function detectCardNetwork(cardNumber: string): CardNetwork | null {
	const digits = normalizeCardNumber(cardNumber);
	if (!/^\d{12,19}$/.test(digits)) return null;
	let best: { network: CardNetwork; length: number } | null = null;
	for (const { network, from, to } of PREFIX_RANGES) {
		const length = String(from).length;
		const prefix = Number(digits.slice(0, length));
		if (prefix >= from && prefix <= to && (best === null || length > best.length)) {
			best = { network, length };
		}
	}
	return best?.network ?? null;
}

/** Keeps the first 6 and last 4 digits (the PCI DSS display rule); masks the rest with `*`. */
export function maskCardNumber(cardNumber: string): string {
	const digits = normalizeCardNumber(cardNumber);
	if (digits.length <= 4) return '*'.repeat(digits.length);
	if (digits.length < 12) return '*'.repeat(digits.length - 4) + digits.slice(-4);
	return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4);
}

/** A card number inside a text: 12 to 19 digits, maybe in groups split by spaces or dashes. */
const CARD_NUMBER_IN_TEXT = /\d(?:[ -]?\d){11,18}/g;

/** Masks every card number in a text (e.g. a vendor's remark that quotes the number). */
export function maskCardNumbersInText(text: string): string {
	return text.replace(CARD_NUMBER_IN_TEXT, (digits) => maskCardNumber(digits));
}

/** Masks every card number in a JSON value: in its strings, and numbers long enough to be one. */
export function maskCardNumbersIn<T>(value: T): T {
	const walk = (node: unknown): unknown => {
		if (typeof node === 'string') return maskCardNumbersInText(node);
		if (typeof node === 'number' && Number.isInteger(node) && Math.abs(node) >= 1e11) {
			return maskCardNumber(String(Math.abs(node)));
		}
		if (Array.isArray(node)) return node.map(walk);
		if (typeof node === 'object' && node !== null) {
			return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
		}
		return node;
	};
	return walk(value) as T;
}
