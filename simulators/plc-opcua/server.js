#!/usr/bin/env node
// Simulated packing-line PLC for the line agent's tests: a real OPC UA server (node-opcua 2.182.2).
// See DATASHEET.md for the nodes, rates and fault knobs.
"use strict";

const fs = require("fs");
const net = require("net");
const path = require("path");
const os = require("os");
const {
    OPCUAServer,
    Variant,
    DataType,
    VariantArrayType,
    StatusCodes,
    OPCUACertificateManager,
    nodesets,
} = require("node-opcua");

function parseArgs(argv) {
    const env = process.env;
    const options = {
        port: Number(env.PLC_PORT ?? 4840),
        rate: Number(env.PLC_RATE ?? 60),
        pki: env.PLC_PKI ?? null,
        caseSize: Number(env.PLC_CASE_SIZE ?? 10),
        shiftDepth: Number(env.PLC_SHIFT_DEPTH ?? 4),
        bigStringKb: Number(env.PLC_BIG_STRING_KB ?? 200),
    };
    for (let i = 2; i < argv.length; i++) {
        const a = argv[i];
        const next = () => {
            if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
            return argv[++i];
        };
        switch (a) {
            case "--port": options.port = Number(next()); break;
            case "--rate": options.rate = Number(next()); break;
            case "--pki": options.pki = next(); break;
            case "--case-size": options.caseSize = Number(next()); break;
            case "--shift-depth": options.shiftDepth = Number(next()); break;
            case "--big-string-kb": options.bigStringKb = Number(next()); break;
            default: throw new Error(`unknown argument ${a} (see DATASHEET.md)`);
        }
    }
    if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`--port ${options.port} is not a port`);
    if (!(options.rate >= 0)) throw new Error(`--rate ${options.rate} is not a rate in units per minute`);
    if (!options.pki) options.pki = fs.mkdtempSync(path.join(os.tmpdir(), "plc-opcua-pki-"));
    return options;
}

// node-opcua needs the port before it starts (its endpoint URL names it), so port 0 is resolved here.
function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

function loadState(file) {
    try {
        const s = JSON.parse(fs.readFileSync(file, "utf8"));
        return { unitCounter: s.unitCounter >>> 0, rejectCount: s.rejectCount >>> 0, lateRejects: s.lateRejects >>> 0 };
    } catch {
        return { unitCounter: 0, rejectCount: 0, lateRejects: 0 };
    }
}

function saveState(file, state) {
    // Write then rename: a kill between the two leaves the previous, whole state.
    const tmp = file + ".tmp";
    fs.writeFileSync(tmp, JSON.stringify(state));
    fs.renameSync(tmp, file);
}

async function main() {
    const options = parseArgs(process.argv);
    fs.mkdirSync(options.pki, { recursive: true });
    const port = options.port === 0 ? await freePort() : options.port;
    const stateFile = path.join(options.pki, "plc-state.json");
    const state = loadState(stateFile);

    const serverCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(options.pki, "server"),
        automaticallyAcceptUnknownCertificate: true,
    });
    const userCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(options.pki, "user"),
        automaticallyAcceptUnknownCertificate: true,
    });

    const server = new OPCUAServer({
        port,
        hostname: "127.0.0.1",
        resourcePath: "/UA/Plc",
        nodeset_filename: [nodesets.standard],
        serverCertificateManager,
        userCertificateManager,
        serverInfo: { applicationUri: "urn:traceability:plc", productUri: "urn:traceability:plc-sim", applicationName: { text: "Traceability PLC simulator" } },
        buildInfo: { productName: "Traceability PLC simulator", buildNumber: "1", buildDate: new Date(0) },
        allowAnonymous: true,
        // Username/password over SecurityPolicy None travels in plaintext: fine on a loopback test, see DATASHEET.md.
        userManager: { isValidUser: (user, password) => user === "operator" && password === "secret" },
        // MinSupportedSampleRate 0: with exception-based variables every change is delivered, none coalesced.
        serverCapabilities: { maxSessions: 20, minSupportedSampleRate: 0 },
    });
    await server.initialize();

    const addressSpace = server.engine.addressSpace;
    const ns = addressSpace.getOwnNamespace();
    if (ns.namespaceUri !== "urn:traceability:plc") throw new Error(`own namespace is ${ns.namespaceUri}`);

    const line = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Line", nodeId: "s=Line" });
    const values = new Map();
    function variable(parent, prefix, name, dataType, initial, { writable = false, arrayType, onWrite } = {}) {
        const nodeId = `s=${prefix}.${name}`;
        values.set(nodeId, initial);
        const v = ns.addVariable({
            componentOf: parent,
            browseName: name,
            nodeId,
            dataType,
            valueRank: arrayType ? 1 : -1,
            // 0: a client asking for sampling interval 0 hears every change (exception-based), as a PLC pushes its
            // unit counter; with 50 the server sampled, and two units within one sample folded into one step.
            minimumSamplingInterval: 0,
            accessLevel: writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
            userAccessLevel: writable ? "CurrentRead | CurrentWrite" : "CurrentRead",
            value: {
                get: () => new Variant({ dataType: DataType[dataType], arrayType: arrayType ?? VariantArrayType.Scalar, value: values.get(nodeId) }),
                set: writable
                    ? (variant) => {
                        if (variant.dataType !== DataType[dataType] || (arrayType ? variant.arrayType !== arrayType : variant.arrayType !== VariantArrayType.Scalar)) {
                            return StatusCodes.BadTypeMismatch;
                        }
                        values.set(nodeId, variant.value);
                        if (onWrite) onWrite(variant.value);
                        return StatusCodes.Good;
                    }
                    : undefined,
            },
        });
        return {
            get: () => values.get(nodeId),
            // setValueFromSource notifies monitored items with the new value (touchValue on a getter-bound
            // variable notified the stale cached one).
            set: (x) => {
                values.set(nodeId, x);
                v.setValueFromSource(new Variant({ dataType: DataType[dataType], arrayType: arrayType ?? VariantArrayType.Scalar, value: x }));
            },
        };
    }

    const L = (name, type, initial, opts) => variable(line, "Line", name, type, initial, opts);
    const productPresent = L("ProductPresent", "Boolean", false);
    const unitCounter = L("UnitCounter", "UInt32", state.unitCounter);
    const rejectGate = L("RejectGate", "Boolean", false, { writable: true });
    const running = L("Running", "Boolean", options.rate > 0);
    const fault = L("Fault", "Boolean", false, { writable: true, onWrite: (f) => { running.set(!f && options.rate > 0); } });
    const speed = L("Speed", "Double", options.rate, { writable: true, onWrite: (s) => schedule(s) });
    const caseFull = L("CaseFull", "Boolean", false);
    const caseSize = L("CaseSize", "UInt32", options.caseSize);
    // Verdict mailbox: the agent writes Good and Reason, then Sequence, in one WriteRequest (node-opcua applies
    // them in order); the PLC latches the verdict when Sequence changes and echoes it in VerdictAck.
    const verdicts = new Map();
    const verdictGood = L("VerdictGood", "Boolean", false, { writable: true });
    const verdictReason = L("VerdictReason", "String", "", { writable: true });
    const verdictAck = L("VerdictAck", "UInt32", 0);
    L("VerdictSequence", "UInt32", 0, {
        writable: true,
        onWrite: (n) => {
            verdicts.set(n, { good: verdictGood.get(), reason: verdictReason.get() });
            verdictAck.set(n);
        },
    });
    const rejectCount = L("RejectCount", "UInt32", state.rejectCount);
    const lateRejects = L("LateRejects", "UInt32", state.lateRejects);

    // Test variables for the client's type round trips: one writable variable per built-in type.
    const test = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: "Test", nodeId: "s=Test" });
    const T = (name, type, initial, opts) => variable(test, "Test", name, type, initial, { writable: true, ...opts });
    T("Boolean", "Boolean", true);
    T("SByte", "SByte", -5);
    T("Byte", "Byte", 200);
    T("Int16", "Int16", -30000);
    T("UInt16", "UInt16", 60000);
    T("Int32", "Int32", -2000000000);
    T("UInt32", "UInt32", 4000000000);
    T("Int64", "Int64", [0xffffffff, 0xfffffff0]);
    T("UInt64", "UInt64", [0x1, 0x2]);
    T("Float", "Float", 1.5);
    T("Double", "Double", Math.PI);
    T("String", "String", "hello");
    T("DateTime", "DateTime", new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)));
    T("ByteString", "ByteString", Buffer.from([1, 2, 3]));
    T("Guid", "Guid", "72962b91-fa75-4ae6-8d28-b404dc7daf63");
    T("StatusCode", "StatusCode", StatusCodes.BadNotWritable);
    T("Int32Array", "Int32", new Int32Array([1, 2, 3]), { arrayType: VariantArrayType.Array });
    T("DoubleArray", "Double", new Float64Array([0.5, -1]), { arrayType: VariantArrayType.Array });
    T("StringArray", "String", ["a", "b"], { arrayType: VariantArrayType.Array });
    const big = [];
    for (let i = 0, size = 0; size < options.bigStringKb * 1024; i++) {
        const s = `unit-${String(i).padStart(6, "0")}-` + "x".repeat(100);
        big.push(s);
        size += s.length;
    }
    T("BigStringArray", "String", big, { arrayType: VariantArrayType.Array, writable: false });

    // The line: one trigger per unit at Speed units per minute. ProductPresent rises, the counter steps,
    // ProductPresent falls half a period later. A unit leaving the shift register without a verdict is rejected (late).
    let timer = null;
    function persist() {
        saveState(stateFile, { unitCounter: unitCounter.get(), rejectCount: rejectCount.get(), lateRejects: lateRejects.get() });
    }
    function trigger() {
        if (fault.get() || !running.get()) return;
        const n = (unitCounter.get() + 1) >>> 0;
        // Persist the step before announcing it: a notification can leave on the socket inside set(), and a kill
        // right after must not bring the counter back below a value a client has heard.
        saveState(stateFile, { unitCounter: n, rejectCount: rejectCount.get(), lateRejects: lateRejects.get() });
        unitCounter.set(n);
        productPresent.set(true);
        caseFull.set(caseSize.get() > 0 && n % caseSize.get() === 0);
        const leaving = n - options.shiftDepth;
        if (leaving > 0) {
            const v = verdicts.get(leaving);
            verdicts.delete(leaving);
            if (!v) lateRejects.set(lateRejects.get() + 1);
            if (!v || !v.good) rejectCount.set(rejectCount.get() + 1);
            rejectGate.set(!v || !v.good);
        }
        persist();
        const period = 60000 / Math.max(speed.get(), 1e-9);
        setTimeout(() => productPresent.set(false), Math.min(period / 2, 1000));
    }
    function schedule(unitsPerMinute) {
        if (timer) clearInterval(timer);
        timer = null;
        running.set(unitsPerMinute > 0 && !fault.get());
        if (unitsPerMinute > 0) timer = setInterval(trigger, 60000 / unitsPerMinute);
    }

    await server.start();
    const endpoint = `opc.tcp://127.0.0.1:${port}/UA/Plc`;
    process.stdout.write(JSON.stringify({ port, endpoint, pki: options.pki }) + "\n");
    schedule(options.rate);

    const stop = async () => {
        if (timer) clearInterval(timer);
        persist();
        await server.shutdown(0);
        process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

main().catch((e) => {
    process.stderr.write(`plc-opcua: ${e.stack || e}\n`);
    process.exit(1);
});
