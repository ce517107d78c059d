/**
 * The node as an AI Agent's tool. n8n offers every `usableAsTool` node a second type whose name
 * ends in "Tool"; an agent runs it once per call of its model, with one item (the agent's input
 * and the model's arguments, never a file), and hands the model the first output's items only.
 * So in tool mode every outcome, failures included, is an item on the first output.
 */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

/** n8n's own rule for its `@tool` display option: the type's name ends in "Tool". */
export function isToolMode(node: INode): boolean {
	return node.type.endsWith('Tool');
}

/**
 * Whether a failure becomes an item rather than the node's error: under "continue on fail",
 * and always in tool mode, where an item is what the model reads.
 */
export function continuesOnFail(context: IExecuteFunctions): boolean {
	return context.continueOnFail() || isToolMode(context.getNode());
}

/**
 * What the model reads about the tool: input, output, cost. Short, since the model pays for
 * every word on every turn.
 */
export const TOOL_DESCRIPTION =
	'Reads a bank card from a photo (Aliyun bank card OCR). Input imageUrl: an http(s) link to a JPEG, PNG or BMP image that the service can download from the internet (not a local file or a chat attachment). ' +
	'Returns card_num, bank_name (in Chinese), card_type (in Chinese: 借记卡 = debit card, 贷记卡 or 信用卡 = credit card, 准贷记卡 = semi-credit card), card_num_valid (checksum) and ret_code 0. ' +
	'If ret_code is not 0, "error" says what went wrong and what to do. Each call is a billed request: call once per image, and do not repeat a call that failed.';

/** The `$fromAI` key the model fills in with the image's link. */
export const TOOL_IMAGE_URL_KEY = 'imageUrl';

/** Image URL's default in tool mode: the model gives the link, with a description of its own. */
export const TOOL_IMAGE_URL_DEFAULT = `={{ $fromAI('${TOOL_IMAGE_URL_KEY}', 'The http(s) link to the bank card image (JPEG, PNG or BMP); it must be downloadable from the internet', 'string') }}`;

/** Image Source = Binary File as a tool: the agent gives the tool no file to read. */
export const TOOL_BINARY_MESSAGE =
	"This tool is set to read a binary file, but an AI Agent passes no files to its tools, so there is no image to read. Ask the user for a link to the card image instead; the workflow owner must set the tool's Image Source to Image URL.";
