import {
	detectCardNetwork,
	PREFIX_RANGES,
	isLuhnValid,
	maskCardNumber,
	normalizeCardNumber,
} from '../../nodes/AliyunBankCardOcr/cardNumber';
import { withLuhnDigit } from '../gateway/images';

describe('card numbers', () => {
	it.each([
		['4111111111111111', true],
		['4111111111111112', false],
		['6222 0200 0100 0079 192', true],
		['6222020001000079193', false],
		['12345', false],
		['', false],
		['abcd efgh ijkl mnop', false],
	])('Luhn of %p is %p', (number, valid) => {
		expect(isLuhnValid(number)).toBe(valid);
	});

	it('accepts every number the fixture generator makes Luhn-valid, and rejects a changed digit', () => {
		for (let i = 0; i < 200; i++) {
			const number = withLuhnDigit(String(622202000000000000n + BigInt(i * 7919)).slice(0, 18));
			expect(isLuhnValid(number)).toBe(true);
			const last = Number(number.slice(-1));
			expect(isLuhnValid(number.slice(0, -1) + String((last + 1) % 10))).toBe(false);
		}
	});

	it.each([
		['6222020001000079192', 'UnionPay'],
		['6212260000000000000', 'UnionPay'],
		['8171999927660000', 'UnionPay'],
		['4111111111111111', 'Visa'],
		['5500000000000004', 'Mastercard'],
		['2221000000000009', 'Mastercard'],
		['2720990000000007', 'Mastercard'],
		['340000000000009', 'American Express'],
		['370000000000002', 'American Express'],
		['3528000000000007', 'JCB'],
		['3589000000000003', 'JCB'],
		['6011000000000004', 'Discover'],
		['6500000000000002', 'Discover'],
		['6440000000000000', 'Discover'],
		['36000000000008', 'Diners Club'],
		['30000000000004', 'Diners Club'],
		['6759000000000000', 'Maestro'],
		['5000000000000000', 'Maestro'],
		['9558800000000000000', null],
		['1234567890123', null],
		['not a number', null],
		['6221260000000000', 'UnionPay'],
		['6229250000000000', 'UnionPay'],
		['8171000000000000', 'UnionPay'],
		['6767700000000000', 'Maestro'],
		['6700000000000000', null],
	])('%s is %p', (number, network) => {
		expect(detectCardNetwork(number)).toBe(network);
	});

	it('every row of the table is reachable: each range, at both ends, gives its own network', () => {
		for (const { network, from, to } of PREFIX_RANGES) {
			for (const prefix of [from, to]) {
				const number = String(prefix).padEnd(16, '0');
				expect([number, detectCardNetwork(number)]).toEqual([number, network]);
			}
		}
	});

	it.each([
		['6222020001000079192', '622202*********9192'],
		['4111 1111 1111 1111', '411111******1111'],
		['340000000000009', '340000*****0009'],
		['12345678', '****5678'],
		['123', '***'],
	])('masks %s as %s', (number, masked) => {
		expect(maskCardNumber(number)).toBe(masked);
	});

	it('normalizes spaces and dashes away', () => {
		expect(normalizeCardNumber(' 6222-0200 0100 ')).toBe('622202000100');
	});
});
