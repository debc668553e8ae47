// Load a WACZ with wabac.js, the library ReplayWeb.page uses, and print what it verified.
//
// This drives wabac's own WACZFile and WACZImporter over the bundle's bytes: the same
// zip reader, datapackage-digest.json handling and verifyWACZSignature (WebCrypto,
// ECDSA P-384) that run when ReplayWeb.page opens a file. Only the store is replaced: wabac
// keeps verification results in IndexedDB; here they are collected and printed as JSON.
// Hash entries: {id, expected, actual}; signature results as verifyWACZSignature returns
// them: {id, expected, matched}.
import { readFileSync } from "node:fs";
import { WACZFile } from "./node_modules/@webrecorder/wabac/src/wacz/waczfile.ts";
import { WACZImporter } from "./node_modules/@webrecorder/wabac/src/wacz/waczimporter.ts";
import { createLoader } from "./node_modules/@webrecorder/wabac/src/blockloaders.ts";
import { setUseHashCHeck } from "./node_modules/@webrecorder/wabac/src/wacz/ziprangereader.ts";

// ReplayWeb.page turns hash checks on with ?useHashCheck=1; without it no hash is compared.
setUseHashCHeck(true);

const results = [];
const store = {
  async addVerifyData(prefix = "", id, expected, actual = null) {
    results.push({ id: prefix + id, expected, actual });
  },
  async addVerifyDataList(prefix, list) {
    for (const entry of list) results.push({ ...entry, id: prefix + entry.id });
  },
  async addPages() {},
  initConfig() {},
};

const data = new Uint8Array(readFileSync(process.argv[2]));
const loader = await createLoader({ url: "bundle.wacz", extra: { arrayBuffer: data } });
const file = new WACZFile({ loader });
await file.init();
await new WACZImporter(store, file, true).load();
console.log(JSON.stringify(results));
