/**
 * Where outside text enters (the gateway's headers, the vendor's envelope, a network error),
 * secrets leave it: the AppCode and AppSecret never reach an output item or an error, in
 * whatever case or spacing they are quoted. Text is redacted first and cut to length after,
 * so that no part of a secret survives the cut. Pure.
 */
import type { IDataObject } from 'n8n-workflow';

/** Gateway messages can quote the whole string-to-sign (image included): keep them short. */
export const MAX_OUTSIDE_TEXT_LENGTH = 200;

/** Redacts the secrets of one credential from a text. */
export type Redact = (text: string) => string;

export function truncate(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A secret in any case, with any white space between its characters (a folded header). */
function secretPattern(secret: string): RegExp {
	return new RegExp([...secret].map(escapeRegExp).join('\\s*'), 'gi');
}

/** Short values are left alone: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

export function secretRedactor(secrets: Array<string | undefined>): Redact {
	const patterns = secrets
		.map((secret) => (secret ?? '').trim())
		.filter((secret) => secret.length >= MIN_SECRET_LENGTH)
		.map(secretPattern);
	return (text) => patterns.reduce((result, pattern) => result.replace(pattern, '***'), text);
}

/** Outside text as it may be shown: redacted, then cut. */
export function outsideText(text: string, redact: Redact, max = MAX_OUTSIDE_TEXT_LENGTH): string {
	return truncate(redact(text), max);
}

/** Every string inside a JSON value, redacted (e.g. the vendor's envelope). */
export function redactDeep(value: IDataObject, redact: Redact): IDataObject {
	const walk = (node: unknown): unknown => {
		if (typeof node === 'string') return redact(node);
		if (Array.isArray(node)) return node.map(walk);
		if (typeof node === 'object' && node !== null) {
			return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
		}
		return node;
	};
	return walk(value) as IDataObject;
}
