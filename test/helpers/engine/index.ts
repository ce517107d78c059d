/**
 * Runs the node inside n8n's real execution engine (n8n-core's WorkflowExecute), as n8n does:
 * a real upstream node creates the items (and stores their binaries through n8n's binary data
 * service, on disk in filesystem mode), the credential is applied by a credentials helper that
 * calls the credential type's own `authenticate` (as n8n's CLI does), and HTTP goes through
 * n8n's real `httpRequestWithAuthentication`.
 */
export { useBinaryMode, removeBinaryStorage, type BinaryMode } from './binaryStorage';
export { runCredentialTest } from './credentialTest';
export { TestCredentialsHelper } from './credentialsHelper';
export { runInNode, runOcrNode, type RunOptions, type RunResult } from './runNode';
export { type FixtureFile, type FixtureItem, OCR_NODE_TYPE } from './testNodes';
