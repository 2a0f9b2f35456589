// n8n loads this package through the "n8n" block of package.json, not through this entry point.
module.exports = {};
