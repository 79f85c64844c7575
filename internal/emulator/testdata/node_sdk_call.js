// Calls one DTS action through the official Node.js SDK (tencentcloud-sdk-nodejs)
// and prints the outcome as one JSON line: {"ok":true,"response":{...}} or
// {"ok":false,"code":"...","message":"...","requestId":"..."}.
//
// Environment: SDK_DIR (the folder holding node_modules/tencentcloud-sdk-nodejs),
// EMULATOR_PORT, SECRET_ID, SECRET_KEY, REGION, ACTION, PARAMS (JSON), and
// optionally REQ_METHOD (POST, the default, or GET) and SIGN_METHOD
// (TC3-HMAC-SHA256, the default, or HmacSHA1/HmacSHA256: signature v1, whose
// POST is form-encoded).
//
// The Node SDK takes the signature's service name from the first label of the
// endpoint host and signs the host WITHOUT its port (while the Host header it
// sends carries the port). So the endpoint is the port-less "dts.emulator.test",
// whose Host header and signed host agree, and an HTTP agent routes every
// connection to the emulator on 127.0.0.1:EMULATOR_PORT instead of resolving it.
"use strict";
const path = require("path");
const http = require("http");
const net = require("net");

const sdk = path.join(process.env.SDK_DIR, "node_modules", "tencentcloud-sdk-nodejs");
const { Client } = require(path.join(sdk, "tencentcloud", "services", "dts", "v20211206", "dts_client.js"));

const port = Number(process.env.EMULATOR_PORT);
const agent = new http.Agent({ keepAlive: false });
agent.createConnection = (options, callback) => net.createConnection({ host: "127.0.0.1", port }, callback);

const client = new Client({
  credential: { secretId: process.env.SECRET_ID, secretKey: process.env.SECRET_KEY },
  region: process.env.REGION,
  profile: {
    signMethod: process.env.SIGN_METHOD || "TC3-HMAC-SHA256",
    httpProfile: { endpoint: "dts.emulator.test", protocol: "http://", agent, reqTimeout: 10, reqMethod: process.env.REQ_METHOD || "POST" },
  },
});

const action = process.env.ACTION;
const params = JSON.parse(process.env.PARAMS || "{}");
client[action](params).then(
  (response) => process.stdout.write(JSON.stringify({ ok: true, response }) + "\n"),
  (err) => process.stdout.write(JSON.stringify({ ok: false, code: err.code, message: err.message, requestId: err.requestId }) + "\n"),
);
