// Package zmq is a ZeroMQ publisher written in Go: a PUB socket speaking
// ZMTP 3.1 (https://rfc.zeromq.org/spec/37/) with the NULL security
// mechanism, over TCP ("tcp://host:port", "*" for every interface, "[v6]"
// for IPv6) and Unix domain sockets ("ipc://path"), so libzmq subscribers
// (SUB and XSUB sockets of any language binding) receive what Bulkhead's
// ZMQ notifications publish.
//
// It behaves as libzmq's PUB socket does where a subscriber can tell:
// subscriptions (ZMTP 3.1 SUBSCRIBE/CANCEL commands, or ZMTP 3.0 messages
// starting with 1 or 0) are prefix filters on the first frame, counted, so
// a topic subscribed twice needs two cancels; a message goes to every
// subscriber whose filters match; each subscriber has its own outbound
// queue of at most the high-water mark (SNDHWM; 0 means no limit) messages,
// and a message that finds the queue full is dropped for that subscriber
// only. Send never blocks: a slow or stuck subscriber loses messages, it
// does not hold the publisher up. PING commands are answered with PONG.
// Several publishers may share one socket (Socket), as libzmq's users
// share a bound socket.
//
// zmq imports only the standard library. It knows nothing of Bitcoin: the
// node's notifications (topics, sequence numbers, Core's rules) are in
// node/zmqnotify.
package zmq
