package locale

import "testing"

func TestNormalise(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want map[string]string
	}{
		{map[string]string{"LANG": "C.UTF-8"}, map[string]string{"LANG": "C"}},
		{map[string]string{"LC_ALL": "C.utf8", "LANG": "en_US.UTF-8"}, map[string]string{"LC_ALL": "C", "LANG": "en_US.UTF-8"}},
		{map[string]string{"LANG": "en_GB.UTF-8"}, map[string]string{"LANG": "en_GB.UTF-8"}},
		{map[string]string{"LC_MESSAGES": "de_DE.UTF-8", "LANG": "C.UTF-8"}, map[string]string{"LC_MESSAGES": "de_DE.UTF-8", "LANG": "C.UTF-8"}},
	}
	for _, c := range cases {
		env := map[string]string{}
		for k, v := range c.env {
			env[k] = v
		}
		Normalise(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
		for k, v := range c.want {
			if env[k] != v {
				t.Errorf("%v: %s = %q, want %q", c.env, k, env[k], v)
			}
		}
	}
}
