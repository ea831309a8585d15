package storage

import (
	"crypto/rand"
	"time"
)

// wrapKeyV1 makes a version 1 key file entry, as Codebench wrote before
// key pairs and roles: the master key wrapped by the passphrase.
func wrapKeyV1(name, passphrase string, master []byte, params KDF) (keyUser, error) {
	salt := make([]byte, 16)
	nonce := make([]byte, 12)
	rand.Read(salt)
	rand.Read(nonce)
	gcm, err := newGCM(params.Derive(passphrase, salt))
	if err != nil {
		return keyUser{}, err
	}
	return keyUser{Name: name, KDF: "argon2id", Params: params, Salt: salt, Nonce: nonce,
		Wrapped: gcm.Seal(nil, nonce, master, wrapAAD(name)), Created: time.Now().UTC()}, nil
}
