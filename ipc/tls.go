package ipc

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// IPC over TCP (-ipcbind=tcp:HOST:PORT) runs TLS 1.3 with mutual
// authentication. Everything the node needs lives in <netDataDir>/ipc/
// (directory 0700, files 0600):
//
//	node.crt      the node's self-signed certificate (ECDSA P-256), PEM;
//	              made on first use and kept
//	node.key      its private key, PKCS#8 PEM
//	clients.json  the authorised clients: {"clients": [{"name", "roles",
//	              "spki_sha256", "created"}]}; spki_sha256 is the hex
//	              SHA-256 of the client certificate's SubjectPublicKeyInfo
//	.lock         serialises changes (flock)
//
// A client presents a credentials file (-ipccredentials) made by NewClient
// (bitcoin-node -ipcnewclient). The node re-reads clients.json on every
// handshake, so adding or revoking a client needs no restart; a revoked
// client's live connections stay until they end.

// Roles a client credential may grant.
const (
	RoleWallet = "wallet"
	RoleGUI    = "gui"
	RoleMiner  = "miner"
)

const (
	credDir     = "ipc"
	nodeCertPEM = "node.crt"
	nodeKeyPEM  = "node.key"
	clientsJSON = "clients.json"
	lockName    = ".lock"
)

// Credentials is a client's credentials file (-ipccredentials), JSON. It
// holds everything a client needs to reach a node over TCP and must be kept
// as secret as a password.
type Credentials struct {
	// Client is the name the node knows the client by.
	Client string `json:"client"`
	// Roles are what the node lets the client do.
	Roles []string `json:"roles"`
	// Address is where to reach the node ("tcp:HOST:PORT"), a hint only.
	Address string `json:"address,omitempty"`
	// Cert is the client's self-signed certificate, PEM.
	Cert string `json:"cert"`
	// Key is the client's private key, PKCS#8 PEM.
	Key string `json:"key"`
	// NodeCert is the node's certificate, PEM: the client accepts no other.
	NodeCert string `json:"node_cert"`
}

// AuthorizedClient is one entry of <netDataDir>/ipc/clients.json.
type AuthorizedClient struct {
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
	// SPKISHA256 is the hex SHA-256 of the client certificate's
	// SubjectPublicKeyInfo.
	SPKISHA256 string    `json:"spki_sha256"`
	Created    time.Time `json:"created"`
}

type clientList struct {
	Clients []AuthorizedClient `json:"clients"`
}

// ParseClientSpec reads -ipcnewclient's value, "<name>[:<role>,…]". Without
// roles the client gets "wallet".
func ParseClientSpec(spec string) (name string, roles []string, err error) {
	name, list, _ := strings.Cut(spec, ":")
	for r := range strings.SplitSeq(list, ",") {
		if r = strings.TrimSpace(r); r != "" {
			roles = append(roles, r)
		}
	}
	if len(roles) == 0 {
		roles = []string{RoleWallet}
	}
	if err := checkClient(name, roles); err != nil {
		return "", nil, err
	}
	return name, roles, nil
}

// reservedClientName is the cookie's RPC user (rpc.CookieUser): a
// credential's name is its RPC user, and a credential must not share the
// cookie's -rpcwhitelist entry.
const reservedClientName = "__cookie__"

func checkClient(name string, roles []string) error {
	if name == "" || len(name) > 64 || strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
	}) >= 0 {
		return newError(ErrCredentials, fmt.Sprintf("invalid client name %q: use 1 to 64 letters, digits, '-', '_' or '.'", name), nil)
	}
	if name == reservedClientName {
		return newError(ErrCredentials, fmt.Sprintf("invalid client name %q: it is the RPC user of cookie authentication and of local IPC clients", name), nil)
	}
	for _, r := range roles {
		switch r {
		case RoleWallet, RoleGUI, RoleMiner:
		default:
			return newError(ErrCredentials, fmt.Sprintf("unknown role %q for client %s: allowed roles are wallet, gui, miner", r, name), nil)
		}
	}
	return nil
}

// NewClient authorises a new client of the node whose network data
// directory is netDataDir: it makes the client a key (ECDSA P-256) and a
// self-signed certificate, adds it to <netDataDir>/ipc/clients.json (making
// the node's own certificate first if there is none yet) and returns the
// client's credentials file, a JSON Credentials. roles default to
// ["wallet"]; address, if set, is recorded as a hint. A name already
// authorised, or an unknown role, is an error of kind ErrCredentials.
func NewClient(netDataDir, name string, roles []string, address string) ([]byte, error) {
	if len(roles) == 0 {
		roles = []string{RoleWallet}
	}
	if err := checkClient(name, roles); err != nil {
		return nil, err
	}
	dir, unlock, err := lockCredDir(netDataDir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	node, err := nodeCertificate(dir)
	if err != nil {
		return nil, err
	}
	list, err := readClients(dir)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(list.Clients, func(c AuthorizedClient) bool { return c.Name == name }) {
		return nil, newError(ErrCredentials, fmt.Sprintf("a client named %s already exists in %s", name, filepath.Join(dir, clientsJSON)), nil)
	}
	certPEM, keyPEM, cert, err := selfSigned(name)
	if err != nil {
		return nil, err
	}
	list.Clients = append(list.Clients, AuthorizedClient{
		Name: name, Roles: roles, SPKISHA256: spkiHash(cert), Created: time.Now().UTC().Truncate(time.Second),
	})
	if err := writeClients(dir, list); err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(Credentials{
		Client: name, Roles: roles, Address: address,
		Cert: string(certPEM), Key: string(keyPEM),
		NodeCert: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: node.Certificate[0]})),
	}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// ListClients returns the clients authorised in <netDataDir>/ipc.
func ListClients(netDataDir string) ([]AuthorizedClient, error) {
	list, err := readClients(filepath.Join(netDataDir, credDir))
	return list.Clients, err
}

// RevokeClient removes a client from the authorised list: its new
// connections are refused; live ones stay until they end.
func RevokeClient(netDataDir, name string) error {
	dir, unlock, err := lockCredDir(netDataDir)
	if err != nil {
		return err
	}
	defer unlock()
	list, err := readClients(dir)
	if err != nil {
		return err
	}
	n := len(list.Clients)
	list.Clients = slices.DeleteFunc(list.Clients, func(c AuthorizedClient) bool { return c.Name == name })
	if len(list.Clients) == n {
		return newError(ErrCredentials, "no client named "+name, nil)
	}
	return writeClients(dir, list)
}

// lockCredDir makes <netDataDir>/ipc (0700) and locks it against other
// processes changing it.
func lockCredDir(netDataDir string) (dir string, unlock func(), err error) {
	dir = filepath.Join(netDataDir, credDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, newError(ErrCredentials, "creating "+dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", nil, newError(ErrCredentials, "restricting "+dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return "", nil, newError(ErrCredentials, "opening lock in "+dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return "", nil, newError(ErrCredentials, "locking "+dir, err)
	}
	return dir, func() { f.Close() }, nil // closing drops the lock
}

// nodeCertificate loads the node's certificate from dir, making it on first
// use. The caller holds the directory lock.
func nodeCertificate(dir string) (tls.Certificate, error) {
	certFile, keyFile := filepath.Join(dir, nodeCertPEM), filepath.Join(dir, nodeKeyPEM)
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err == nil {
		return cert, nil
	}
	if _, serr := os.Stat(certFile); !errors.Is(serr, os.ErrNotExist) {
		return tls.Certificate{}, newError(ErrCredentials, "loading the node's IPC certificate "+certFile, err)
	}
	certPEM, keyPEM, _, err := selfSigned("bulkhead-node")
	if err != nil {
		return tls.Certificate{}, err
	}
	if err := writeFileAtomic(keyFile, keyPEM); err != nil {
		return tls.Certificate{}, err
	}
	if err := writeFileAtomic(certFile, certPEM); err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, keyPEM)
}

// loadNodeCertificate locks the credentials directory of netDataDir and
// returns the node's certificate, made on first use.
func loadNodeCertificate(netDataDir string) (cert tls.Certificate, dir string, err error) {
	dir, unlock, err := lockCredDir(netDataDir)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	defer unlock()
	cert, err = nodeCertificate(dir)
	return cert, dir, err
}

// selfSigned makes an ECDSA P-256 key and a self-signed certificate for cn,
// valid for 100 years: identity is the pinned key, not the CA or the dates.
func selfSigned(cn string) (certPEM, keyPEM []byte, cert *x509.Certificate, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(100, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, err
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		return nil, nil, nil, err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, nil, err
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})
	return certPEM, keyPEM, cert, nil
}

// spkiHash is the hex SHA-256 of a certificate's SubjectPublicKeyInfo.
func spkiHash(c *x509.Certificate) string {
	h := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return hex.EncodeToString(h[:])
}

// readClients reads dir/clients.json; a missing file is an empty list.
func readClients(dir string) (clientList, error) {
	var list clientList
	path := filepath.Join(dir, clientsJSON)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return list, nil
	}
	if err != nil {
		return list, newError(ErrCredentials, "reading "+path, err)
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return list, newError(ErrCredentials, "parsing "+path, err)
	}
	return list, nil
}

func writeClients(dir string, list clientList) error {
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, clientsJSON), append(b, '\n'))
}

// writeFileAtomic writes a 0600 file through a temporary one and a rename,
// so a reader sees the old content or the new, never a part.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return newError(ErrCredentials, "writing "+path, err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o600)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return newError(ErrCredentials, "writing "+path, err)
	}
	return nil
}

// readCredentials reads a credentials file and returns the client's
// certificate and the node certificate it pins.
func readCredentials(path string) (*Credentials, tls.Certificate, *x509.Certificate, error) {
	fail := func(desc string, err error) (*Credentials, tls.Certificate, *x509.Certificate, error) {
		return nil, tls.Certificate{}, nil, newError(ErrCredentials, fmt.Sprintf("-ipccredentials=%s: %s", path, desc), err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fail("cannot read the file", err)
	}
	var cr Credentials
	if err := json.Unmarshal(b, &cr); err != nil {
		return fail("not a credentials file", err)
	}
	cert, err := tls.X509KeyPair([]byte(cr.Cert), []byte(cr.Key))
	if err != nil {
		return fail("bad client certificate or key", err)
	}
	blk, _ := pem.Decode([]byte(cr.NodeCert))
	if blk == nil || blk.Type != "CERTIFICATE" {
		return fail("no node certificate", nil)
	}
	node, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return fail("bad node certificate", err)
	}
	return &cr, cert, node, nil
}
