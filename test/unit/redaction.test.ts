import { maskCardNumbersIn, maskCardNumbersInText } from '../../nodes/AliyunBankCardOcr/cardNumber';
import {
	outsideText,
	redactDeep,
	secretRedactor,
	truncate,
} from '../../nodes/AliyunBankCardOcr/redaction';

const SECRET = 'Fake0nly+Test/Secret=0123456789ab';

describe('secretRedactor', () => {
	const redact = secretRedactor([SECRET, ' test-app-code-0001 ', undefined, 'abc']);

	it.each([
		['as it is', `sig ${SECRET} end`],
		['in another case', `sig ${SECRET.toUpperCase()} end`],
		['with spaces between its characters', `sig ${SECRET.split('').join(' ')} end`],
		['folded over lines', `sig ${SECRET.slice(0, 10)}\n\t${SECRET.slice(10)} end`],
	])('removes a secret written %s', (_, text) => {
		expect(redact(text)).toBe('sig *** end');
	});

	it('matches a secret pasted with spaces around it, and leaves short values alone', () => {
		expect(redact('code TEST-APP-CODE-0001')).toBe('code ***');
		expect(redact('abc abc')).toBe('abc abc');
	});

	it('redacts before it cuts: no start of a secret survives the 200-character cut', () => {
		const text = `${'x'.repeat(190)}${SECRET}`;
		expect(outsideText(text, redact)).toBe(`${'x'.repeat(190)}***`);
		// The other order, for contrast: the cut leaves the secret's first characters behind.
		expect(redact(truncate(text, 200))).toContain(SECRET.slice(0, 10));
	});

	it('reaches every string of an envelope', () => {
		const envelope = { showapi_res_id: `id-${SECRET}`, body: { remark: [SECRET], n: 1 } };
		expect(redactDeep(envelope, redact)).toEqual({
			showapi_res_id: 'id-***',
			body: { remark: ['***'], n: 1 },
		});
	});
});

describe('masking card numbers wherever they are', () => {
	it('masks numbers inside a text, grouped or not, and leaves short numbers alone', () => {
		expect(maskCardNumbersInText('card 6222020200112233445 failed')).toBe(
			'card 622202*********3445 failed',
		);
		expect(maskCardNumbersInText('6222 0202 0011 2233 445, within 30000 ms')).toBe(
			'622202*********3445, within 30000 ms',
		);
	});

	it('masks strings and long integers deep inside a value', () => {
		expect(
			maskCardNumbersIn({ a: ['x 4111111111111111'], b: { n: 4111111111111111, small: 42 } }),
		).toEqual({ a: ['x 411111******1111'], b: { n: '411111******1111', small: 42 } });
	});
});
