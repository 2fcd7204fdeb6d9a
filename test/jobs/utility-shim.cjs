// Runs the built dist/main/utility.cjs as Electron's utility process would, with
// process.parentPort played by Node's child-process IPC channel.
const { EventEmitter } = require('node:events');
const port = new EventEmitter();
port.postMessage = (message) => process.send(message);
process.parentPort = port;
process.on('message', (message) => port.emit('message', { data: message }));
require(process.argv[2]);
