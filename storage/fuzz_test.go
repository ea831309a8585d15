package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/codebench/codebench/app"
)

// FuzzBackupReader feeds arbitrary bytes to the backup header parser and
// the frame decrypter: they must return an error, never panic or loop,
// and never accept an altered real backup.
func FuzzBackupReader(f *testing.F) {
	s, _ := openTestStore(f)
	r := &app.Record{ID: "R000001", Patient: app.Patient{MRN: "F1", Name: "Fuzz, Seed"}, Encounter: app.Encounter{Service: time.Now()}}
	if err := s.SaveRecord(r); err != nil {
		f.Fatal(err)
	}
	var bk bytes.Buffer
	if err := s.Backup(&bk); err != nil {
		f.Fatal(err)
	}
	good := bk.Bytes()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(backupMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, hb, err := readBackupHeader(bytes.NewReader(b))
		if err != nil {
			return
		}
		aead, err := backupAEAD(s.master, h.Salt)
		if err != nil {
			return
		}
		body := b[len(backupMagic)+4+len(hb):]
		_, err = io.Copy(io.Discard, &openReader{r: bytes.NewReader(body), aead: aead, prefix: h.NoncePrefix, aad: headerDigest(hb)})
		if err == nil && !bytes.Equal(b, good) && !bytes.HasPrefix(b, good) {
			// Only the real backup (or one with bytes appended, refused
			// below) decrypts; anything else must fail authentication.
			t.Fatalf("an altered backup decrypted")
		}
		if err == nil && len(b) > len(good) {
			t.Fatalf("trailing bytes after the last frame were accepted")
		}
		if err != nil && !errors.Is(err, ErrBadBackup) {
			t.Fatalf("error without ErrBadBackup: %v", err)
		}
	})
}

// FuzzKeyFile feeds arbitrary bytes to the key file parser and unwraps
// with a passphrase: errors only, and no key from a file that was not
// written with that passphrase.
func FuzzKeyFile(f *testing.F) {
	u, err := newUser("coder", testPass, app.Administrator, make([]byte, 32), testKDF)
	if err != nil {
		f.Fatal(err)
	}
	good, _ := json.Marshal(&keyFile{Version: keyFileVersion, Users: []keyUser{u}})
	f.Add(good)
	v1, err := wrapKeyV1("coder", testPass, make([]byte, 32), testKDF)
	if err != nil {
		f.Fatal(err)
	}
	goodV1, _ := json.Marshal(&keyFile{Version: keyFileV1, Users: []keyUser{v1}})
	f.Add(goodV1)
	f.Add([]byte(`{"version":1,"users":[]}`))
	f.Add([]byte(`{"version":1,"users":[{"name":"coder","kdf":"argon2id","params":{"time":1,"memoryKiB":8,"threads":1}}]}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, b []byte) {
		kf, err := parseKeyFile(b)
		if err != nil {
			return
		}
		for i := range kf.Users {
			// Cap the cost a hostile file could ask for.
			p := &kf.Users[i].Params
			if p.Time > 2 || p.MemoryKiB > 1<<12 || p.Threads == 0 || p.Threads > 2 {
				return
			}
		}
		key, err := kf.unlock("coder", testPass)
		if err == nil && !bytes.Equal(b, good) && !bytes.Equal(b, goodV1) && len(key) != 32 {
			t.Fatalf("unwrapped a %d-byte key", len(key))
		}
	})
}
