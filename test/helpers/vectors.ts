import vectorFile from '../fixtures/signature-vectors.json';

export interface SignatureVector {
	name: string;
	appKey: string;
	appSecret: string;
	xCaTimestamp: string;
	xCaNonce: string;
	signature: string;
	stringToSign: string;
	request: {
		method: string;
		target: string;
		headers: Record<string, string>;
		body: string;
	};
}

export const signatureVectors = vectorFile.vectors as SignatureVector[];
