// @ts-check
/**
 * One round of the shared budget's test and bench: `calls` production-webhook calls at once,
 * each with `images` image URLs, and what came of them (cards read, items on Error, throttled
 * requests at the stand-in, the time from the first call to the last answer).
 */
const { callImages, callWebhook, serveImages } = require('./stack');

/**
 * @typedef {{
 *   index: number, cards: string[], status: number, text: string, cardsRead: string[],
 * }} BudgetCall
 * @typedef {{ calls: BudgetCall[], seconds: number, throttled: number, onError: number, requests: number }} BudgetRun
 */

/**
 * @param {Awaited<ReturnType<typeof import('./stack').startQueueStack>>} stack
 * @param {string} webhookPath @param {number} calls @param {number} images
 * @param {number} firstCall numbers the calls' images, so every round has cards of its own
 * @returns {Promise<BudgetRun>}
 */
async function budgetRun(stack, webhookPath, calls, images, firstCall) {
	const { gateway } = stack;
	const prepared = Array.from({ length: calls }, (_, i) => {
		const cardImages = callImages(firstCall + i, images);
		return {
			index: firstCall + i,
			cards: cardImages.map((image) => image.card.card_num),
			urls: serveImages(gateway, cardImages),
		};
	});
	const apiPath = gateway.settings.apiPath;
	const logFrom = gateway.log.length;
	const started = Date.now();
	const answered = await Promise.all(
		prepared.map(async (call) => {
			const answer = await callWebhook(stack.cluster.mainUrl, webhookPath, { urls: call.urls });
			return {
				index: call.index,
				cards: call.cards,
				status: answer.status,
				text: answer.text,
				cardsRead: answer.items
					.filter((item) => item.ret_code === 0)
					.map((item) => String(item.card_num)),
			};
		}),
	);
	const seconds = (Date.now() - started) / 1000;
	const requests = gateway.log.slice(logFrom).filter((entry) => entry.path === apiPath);
	const throttled = requests.filter((entry) => entry.gatewayError?.startsWith('Throttled')).length;
	const read = answered.reduce((sum, call) => sum + call.cardsRead.length, 0);
	return {
		calls: answered,
		seconds,
		throttled,
		onError: calls * images - read,
		requests: requests.length,
	};
}

module.exports = { budgetRun };
