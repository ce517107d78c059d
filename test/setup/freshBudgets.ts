/**
 * Every test starts as a new n8n process does: with no app budgets, so that what one test's
 * gateway taught a budget (a throttled rate) does not slow the next test down.
 */
import { forgetBudgets } from '../../nodes/AliyunBankCardOcr/appBudget';

beforeEach(() => forgetBudgets());
