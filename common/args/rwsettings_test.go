package args

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSettingsFilePrecedence: settings.json values rank below the command
// line and above bitcoin.conf (Core's MergeSettings), list settings join
// them, a command-line negation drops them, and unknown names are
// reported.
func TestSettingsFilePrecedence(t *testing.T) {
	for _, tc := range []struct {
		conf    string
		argv    []string
		wallets string
		keypool string
	}{
		{"", nil, "a,b", "7"},
		{"", []string{"-wallet=c", "-keypool=9"}, "c,a,b", "9"},
		{"wallet=d\nkeypool=3\n", nil, "a,b,d", "7"},
		{"wallet=d\n", []string{"-nowallet"}, "", "7"},
	} {
		a, dir := setup(t, tc.conf, tc.argv...)
		writeFile(t, filepath.Join(dir, SettingsFilename), `{"_warning_": "x", "wallet": ["a", "b"], "keypool": 7, "nosuchoption": true}`)
		if err := a.InitSettings(); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(a.GetAll("wallet"), ","); got != tc.wallets {
			t.Errorf("%q %q: wallets %q, want %q", tc.conf, tc.argv, got, tc.wallets)
		}
		if got := a.GetString("keypool", ""); got != tc.keypool {
			t.Errorf("%q %q: keypool %q, want %q", tc.conf, tc.argv, got, tc.keypool)
		}
		if w := strings.Join(a.Warnings(), "|"); !strings.Contains(w, "Ignoring unknown rw_settings value nosuchoption") || strings.Contains(w, "_warning_") {
			t.Errorf("warnings %q", w)
		}
	}
}

// TestInitSettings: a missing file is created (0600, Core's layout), a bad
// one stops start-up with Core's messages, -nosettings touches nothing.
func TestInitSettings(t *testing.T) {
	a, dir := setup(t, "", "-regtest")
	path := filepath.Join(dir, "regtest", SettingsFilename)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := a.InitSettings(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n    \"_warning_\": \"" + settingsWarning + "\"\n}\n"
	if string(data) != want {
		t.Fatalf("new settings file:\n%s\nwant\n%s", data, want)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}

	for text, msg := range map[string]string{
		`{"wallet": [}`:             "Settings file could not be read:\n- Settings file " + path + " does not contain valid JSON.",
		`["wallet"]`:                "Settings file could not be read:\n- Found non-object value [\"wallet\"] in settings file " + path,
		`{"a": 1, "a": 2}`:          "Settings file could not be read:\n- Found duplicate key a in settings file " + path,
		`{"wallet": ["x"]} trash`:   "Settings file could not be read:\n- Settings file " + path + " does not contain valid JSON.",
		`{"wallet": ["x"]} {"b":1}`: "Settings file could not be read:\n- Settings file " + path + " does not contain valid JSON.",
	} {
		writeFile(t, path, text)
		err := a.InitSettings()
		if !errors.Is(err, ErrSettings) || !strings.HasPrefix(err.Error(), msg) {
			t.Errorf("%s: %v, want %q", text, err, msg)
		}
		if got, _ := os.ReadFile(path); string(got) != text {
			t.Errorf("%s: the bad file was rewritten: %s", text, got)
		}
	}

	b, dir2 := setup(t, "", "-nosettings")
	if err := b.InitSettings(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir2, SettingsFilename)); !os.IsNotExist(err) {
		t.Errorf("-nosettings wrote a settings file: %v", err)
	}
	c, dir3 := setup(t, "", "-settings=other.json")
	if err := c.InitSettings(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir3, "other.json")); err != nil {
		t.Errorf("-settings=other.json: %v", err)
	}
}

// TestEditSettingsList: adding and removing list entries writes the file
// only when it changes; failures leave memory and file as they were.
func TestEditSettingsList(t *testing.T) {
	a, dir := setup(t, "")
	path := filepath.Join(dir, SettingsFilename)
	writeFile(t, path, `{"wallet": "notalist", "keypool": 5}`)
	if err := a.InitSettings(); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name string
		add  bool
		want string
	}{
		{"w1", true, "w1"}, // a non-list value is replaced, as Core
		{"w2", true, "w1,w2"},
		{"w1", true, "w1,w2"},
		{"w3", false, "w1,w2"},
		{"w1", false, "w2"},
		{"w2", false, ""},
	} {
		if err := a.EditSettingsList("wallet", step.name, step.add); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(a.GetAll("wallet"), ","); got != step.want {
			t.Fatalf("after %+v: %q", step, got)
		}
		b, _ := setup(t, "", "-datadir="+dir)
		if err := b.InitSettings(); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(b.GetAll("wallet"), ","); got != step.want {
			t.Fatalf("after %+v the file says %q", step, got)
		}
	}
	data, _ := os.ReadFile(path)
	if want := "{\n    \"_warning_\": \"" + settingsWarning + "\",\n    \"keypool\": 5,\n    \"wallet\": []\n}\n"; string(data) != want {
		t.Fatalf("file:\n%s\nwant\n%s", data, want)
	}

	// A file that cannot be written (its temporary name is taken by a
	// directory): an error, and nothing changes.
	if err := os.Mkdir(path+".tmp", 0o700); err != nil {
		t.Fatal(err)
	}
	if err := a.EditSettingsList("wallet", "w4", true); !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), "Unable to open settings file") {
		t.Fatalf("unwritable: %v", err)
	}
	if got := a.GetAll("wallet"); len(got) != 0 {
		t.Fatalf("a failed write changed the values: %q", got)
	}
	if got, _ := os.ReadFile(path); string(got) != string(data) {
		t.Fatalf("a failed write changed the file: %s", got)
	}

	n, _ := setup(t, "", "-nosettings")
	if err := n.EditSettingsList("wallet", "w", false); err != nil {
		t.Fatalf("-nosettings, nothing to remove: %v", err)
	}
	if err := n.EditSettingsList("wallet", "w", true); !errors.Is(err, ErrSettings) {
		t.Fatalf("-nosettings, adding: %v", err)
	}
}

// TestSettingsFileStrings: only JSON strings (or arrays of them) count as
// strings, as Core's wallet loader checks its settings.
func TestSettingsFileStrings(t *testing.T) {
	for raw, want := range map[string]bool{
		`"w1"`: true, `["w1", "w2"]`: true, `[]`: true,
		`10`: false, `true`: false, `[10]`: false, `[true]`: false, `[[]]`: false, `[{}]`: false, `["w1", 10]`: false, `["w1", false]`: false,
	} {
		a, dir := setup(t, "", "-regtest")
		writeFile(t, filepath.Join(dir, "regtest", "settings.json"), `{"wallet": `+raw+`}`)
		if err := a.InitSettings(); err != nil {
			t.Fatal(err)
		}
		if got := a.SettingsFileStrings("wallet"); got != want {
			t.Errorf("wallet = %s: SettingsFileStrings %v, want %v", raw, got, want)
		}
		if !a.SettingsFileStrings("other") {
			t.Errorf("an unset entry is not all strings")
		}
	}
}
