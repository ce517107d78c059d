// @ts-check
/** This package's name and the node's type as n8n names it in workflows (`<package>.<node>`). */
const PACKAGE_NAME = require('../../package.json').name;
const NODE_TYPE = `${PACKAGE_NAME}.aliyunBankCardOcr`;

module.exports = { PACKAGE_NAME, NODE_TYPE };
