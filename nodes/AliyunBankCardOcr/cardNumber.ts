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

// Longest prefixes first, so that e.g. Discover's 6011 wins over a shorter rule.
const PREFIX_RANGES: PrefixRange[] = [
	range('Maestro', 676770),
	range('Maestro', 676774),
	range('Discover', 622126, 622925),
	range('Mastercard', 2221, 2720),
	range('JCB', 3528, 3589),
	range('Discover', 6011),
	range('Maestro', 6304),
	range('Maestro', 6759),
	range('Diners Club', 300, 305),
	range('Discover', 644, 649),
	range('American Express', 34),
	range('American Express', 37),
	range('Diners Club', 36),
	range('Diners Club', 38, 39),
	range('Mastercard', 51, 55),
	range('Maestro', 50),
	range('Maestro', 56, 58),
	range('UnionPay', 62),
	range('Discover', 65),
	range('UnionPay', 81),
	range('Visa', 4),
];

/**
 * The card network from the number's leading digits, or null when unknown. Numbers in
 * Discover's co-branded range 622126–622925 are UnionPay cards in China, where this API's
 * cards come from, so UnionPay wins there.
 */
export function detectCardNetwork(cardNumber: string): CardNetwork | null {
	const digits = normalizeCardNumber(cardNumber);
	if (!/^\d{12,19}$/.test(digits)) return null;
	if (digits.startsWith('62')) return 'UnionPay';
	for (const { network, from, to } of PREFIX_RANGES) {
		const length = String(from).length;
		const prefix = Number(digits.slice(0, length));
		if (prefix >= from && prefix <= to) return network;
	}
	return null;
}

/** Keeps the first 6 and last 4 digits (the PCI DSS display rule); masks the rest with `*`. */
export function maskCardNumber(cardNumber: string): string {
	const digits = normalizeCardNumber(cardNumber);
	if (digits.length <= 4) return '*'.repeat(digits.length);
	if (digits.length < 12) return '*'.repeat(digits.length - 4) + digits.slice(-4);
	return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4);
}
