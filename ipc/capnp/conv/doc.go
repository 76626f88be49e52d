// Package conv converts Bitcoin objects to and from the Data that carries
// them across IPC: Bitcoin serialization with witness, as Bitcoin Core's IPC
// does. Generated proxies call it for fields annotated $Mp.conv; mpgen's conv
// table (ipc/mpgen/conv.go) names the functions. Decoders copy: the message
// buffer they read from is reused after the call.
package conv
