/** Made-up test cards (Luhn-valid numbers with real-looking prefixes; none is a real card). */
import { makeJpeg, makePng, withLuhnDigit } from '../gateway/images';

export interface TestCard {
	card_num: string;
	card_type: string;
	bank_name: string;
}

export function testCard(seed: number, prefix = '622202'): TestCard {
	const body =
		prefix +
		String(100000000 + seed * 7919)
			.padStart(12 - 0, '0')
			.slice(-12);
	return { card_num: withLuhnDigit(body), card_type: '借记卡', bank_name: '测试银行' };
}

export const cardPng = (card: TestCard | { ret_code: number }, seed = 1, padBytes = 0): Buffer =>
	makePng(card, { seed, padBytes });

export const cardJpeg = (card: TestCard | { ret_code: number }, seed = 2): Buffer =>
	makeJpeg(card, { seed });

export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const TEXT_BYTES = Buffer.from('Dear customer, please find attached your statement.\n');

export const APP_CODE = 'test-app-code-0001';
export const APP_KEY = '203760001';
export const APP_SECRET = 'Fake0nly+Test/Secret=0123456789ab';
