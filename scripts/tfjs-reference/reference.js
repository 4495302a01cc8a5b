#!/usr/bin/env node
// Runs a TF.js graph model (a model-zoo bundle directory) with TensorFlow.js on the wasm backend.
//
//   node reference.js run   <bundleDir> <tensorDir>           # reference outputs for parity tests
//   node reference.js bench <bundleDir> <seconds> [outputs]   # images/s at batch 1, one JSON line
//     (outputs: comma-separated signature outputs to compute, default all; threads: env TFJS_WASM_THREADS)
//
// `run` reads <tensorDir>/inputs.json ({"inputs": [{"name": "sample1", "shape": [1,512,512,3]}]}) and
// each <name>.f32 (raw little-endian float32, the tensor Java feeds its own graph), runs the model
// with executeAsync, and writes every signature output as <name>.<k>.f32 plus <tensorDir>/outputs.json
// listing {input, output, file, shape} so Java can compare like for like.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');

// tfjs-node (with its native download) is not available, so model.json and its shards are read
// here and handed to loadGraphModel as an in-memory IOHandler.
function fileHandler(bundleDir) {
  return {
    load: async () => {
      const json = JSON.parse(fs.readFileSync(path.join(bundleDir, 'model.json'), 'utf8'));
      const weightSpecs = [];
      const shards = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) shards.push(fs.readFileSync(path.join(bundleDir, p)));
      }
      const all = Buffer.concat(shards);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

async function init(threads) {
  if (threads) wasm.setThreadsCount(Number(threads));
  await tf.setBackend('wasm');
  await tf.ready();
}

function outputNames(model) {
  return Object.keys(model.modelSignature.outputs);
}

function readTensor(file, shape) {
  const buf = fs.readFileSync(file);
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return tf.tensor(data, shape, 'float32');
}

async function run(bundleDir, tensorDir) {
  await init();
  const model = await tf.loadGraphModel(fileHandler(bundleDir));
  const names = outputNames(model);
  const { inputs } = JSON.parse(fs.readFileSync(path.join(tensorDir, 'inputs.json'), 'utf8'));
  const written = [];
  for (const input of inputs) {
    const x = readTensor(path.join(tensorDir, `${input.name}.f32`), input.shape);
    const ys = await model.executeAsync(x, names);
    const outs = Array.isArray(ys) ? ys : [ys];
    for (let k = 0; k < names.length; k++) {
      const data = await outs[k].data();
      const file = `${input.name}.${k}.f32`;
      fs.writeFileSync(path.join(tensorDir, file), Buffer.from(Float32Array.from(data).buffer));
      written.push({ input: input.name, output: names[k], file, shape: outs[k].shape });
    }
    tf.dispose([x, ...outs]);
  }
  fs.writeFileSync(path.join(tensorDir, 'outputs.json'),
    JSON.stringify({ backend: tf.getBackend(), tfjs: tf.version.tfjs, outputs: written }, null, 1));
}

async function bench(bundleDir, seconds, outputs) {
  await init(process.env.TFJS_WASM_THREADS);
  const model = await tf.loadGraphModel(fileHandler(bundleDir));
  const names = outputs ? outputs.split(',') : outputNames(model);
  const shape = model.inputs[0].shape.map((d) => (d === -1 || d == null ? 1 : d));
  const x = tf.randomUniform(shape, 0, 1, 'float32', 42);
  const once = async () => {
    const ys = model.execute(x, names); // neither model has control flow, so the synchronous path applies
    const outs = Array.isArray(ys) ? ys : [ys];
    await Promise.all(outs.map((t) => t.data()));
    tf.dispose(outs);
  };
  await once(); // warm-up: wasm compilation and kernel set-up
  await once();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - t0) / 1e9 < seconds) {
    await once();
    n++;
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({
    backend: tf.getBackend(), tfjs: tf.version.tfjs, threads: wasm.getThreadsCount ? wasm.getThreadsCount() : null,
    images: n, seconds: wall, imagesPerSecond: n / wall, cpuMsPerImage: (cpu.user + cpu.system) / 1000 / n,
  }));
}

const [mode, ...args] = process.argv.slice(2);
const main = mode === 'run' ? () => run(args[0], args[1])
  : mode === 'bench' ? () => bench(args[0], Number(args[1] || 10), args[2])
    : null;
if (!main) {
  console.error('usage: reference.js run <bundleDir> <tensorDir> | bench <bundleDir> <seconds> [outputs]');
  process.exit(1);
}
main().catch((e) => { console.error(`reference.js: ${e.message}`); process.exit(1); });
