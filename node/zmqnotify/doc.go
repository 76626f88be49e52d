// Package zmqnotify is Bitcoin Core's ZMQ notification interface
// (src/zmq/zmqnotificationinterface.cpp, zmqpublishnotifier.cpp) over the
// Go ZMTP publisher of package zmq: the -zmqpubhashblock, -zmqpubhashtx,
// -zmqpubrawblock, -zmqpubrawtx and -zmqpubsequence notifiers with their
// -zmqpub*hwm high-water marks, what getzmqnotifications lists.
//
// Each notifier publishes three-part messages: the topic, the body, and its
// own message counter as 4 bytes little-endian. As Core: hashtx and rawtx
// announce every transaction entering the mempool and every transaction of
// a connected or disconnected block; hashblock and rawblock announce the
// new tip once per change of the active chain, not during initial block
// download and not when blocks were only disconnected; sequence announces
// blocks connected (C) and disconnected (D), and transactions added to (A)
// and removed from (R, for any reason but inclusion in a block) the
// mempool with Core's mempool sequence number (8 bytes little-endian).
// Notifiers with the same address share one socket. If any address cannot
// be bound, ZMQ is off altogether (Core's Create returns no interface) and
// the node runs without it.
//
// The notifications come from the node's Chain().HandleNotifications, with
// node.ValidationNotifications for the sequence numbers; publishing never
// blocks (package zmq drops at the high-water mark), so ZMQ cannot hold up
// validation. zmqnotify imports node (for ValidationNotifications), zmq and
// interfaces; it belongs to the node process only.
package zmqnotify
