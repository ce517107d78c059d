/**
 * Case-insensitive HTTP header access, the one implementation the package uses: for the
 * headers of a request being prepared and for the headers of a reply.
 */

/** The name under which `headers` holds `name`, in whatever case it was written. */
export function findHeaderName(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	return Object.keys(headers).find((key) => key.toLowerCase() === wanted);
}

/** A header's value as text (repeated values joined with ", "), or undefined when absent. */
export function getHeader(headers: Record<string, unknown>, name: string): string | undefined {
	const key = findHeaderName(headers, name);
	const value = key === undefined ? undefined : headers[key];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? value.map(String).join(', ') : String(value);
}

/** Sets a header, replacing any existing spelling of the same name. */
export function setHeader(headers: Record<string, string>, name: string, value: string): void {
	const existing = findHeaderName(headers, name);
	if (existing !== undefined && existing !== name) delete headers[existing];
	headers[name] = value;
}

/** Removes a header in whatever case it was written. */
export function deleteHeader(headers: Record<string, unknown>, name: string): void {
	const existing = findHeaderName(headers, name);
	if (existing !== undefined) delete headers[existing];
}
