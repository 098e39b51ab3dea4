// Command reader runs the real AWS SDK for Go v2 shared-config loader on ssolint's test corpus.
//
// It reads JSON lines {config, credentials, names} (file contents base64, null when absent;
// names: the profile names to ask for, since the SDK has no way to list profiles) and prints,
// per line, {refused, profiles, "sso-sessions"}: for each name the SDK loads, the settings it
// exposes (non-empty string fields, under their config-file keys), or {"$error": message};
// refused is true when the SDK panics on the file (a program using it would crash).
package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/config"
)

type document struct {
	Config      *string  `json:"config"`
	Credentials *string  `json:"credentials"`
	Names       []string `json:"names"`
}

type reading struct {
	Refused     bool                         `json:"refused"`
	Profiles    map[string]map[string]string `json:"profiles"`
	SSOSessions map[string]map[string]string `json:"sso-sessions"`
}

func write(dir, name string, contents *string) (string, error) {
	path := filepath.Join(dir, name)
	if contents == nil {
		return path, nil // absent: the SDK skips a file it cannot read
	}
	data, err := base64.StdEncoding.DecodeString(*contents)
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(path, data, 0o600)
}

func settings(c config.SharedConfig) map[string]string {
	out := map[string]string{}
	set := func(key, value string) {
		if value != "" {
			out[key] = value
		}
	}
	set("region", c.Region)
	set("sso_session", c.SSOSessionName)
	set("sso_start_url", c.SSOStartURL)
	set("sso_region", c.SSORegion)
	set("sso_account_id", c.SSOAccountID)
	set("sso_role_name", c.SSORoleName)
	set("role_arn", c.RoleARN)
	set("source_profile", c.SourceProfileName)
	set("credential_process", c.CredentialProcess)
	set("credential_source", c.CredentialSource)
	set("endpoint_url", c.BaseEndpoint)
	set("services", c.ServicesSectionName)
	set("ca_bundle", c.CustomCABundle)
	set("sdk_ua_app_id", c.AppID)
	set("aws_access_key_id", c.Credentials.AccessKeyID)
	return out
}

// wrapped reports whether err wraps another error (a missing source profile is wrapped in an
// assume-role error: that is an error of this profile, not its absence).
func wrapped(err error) bool {
	_, isMissing := err.(config.SharedConfigProfileNotExistError)
	return !isMissing
}

// crash is a panic inside the SDK, recovered so that the corpus goes on.
type crash struct{ value any }

func (c crash) Error() string { return fmt.Sprint("panic: ", c.value) }

func load(name, configPath, credentialsPath string) (c config.SharedConfig, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = crash{v}
		}
	}()
	return config.LoadSharedConfigProfile(context.Background(), name,
		func(o *config.LoadSharedConfigOptions) {
			o.ConfigFiles = []string{configPath}
			o.CredentialsFiles = []string{credentialsPath}
		})
}

func main() {
	dir, err := os.MkdirTemp("", "ssolint-go-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<30)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var doc document
		if err := json.Unmarshal(in.Bytes(), &doc); err != nil {
			panic(err)
		}
		configPath, err := write(dir, "config", doc.Config)
		if err != nil {
			panic(err)
		}
		credentialsPath, err := write(dir, "credentials", doc.Credentials)
		if err != nil {
			panic(err)
		}
		r := reading{Profiles: map[string]map[string]string{}, SSOSessions: map[string]map[string]string{}}
		for _, name := range doc.Names {
			c, err := load(name, configPath, credentialsPath)
			if _, crashed := err.(crash); crashed {
				// The SDK panicked: a program using it would crash on this file.
				r = reading{Refused: true, Profiles: map[string]map[string]string{}, SSOSessions: map[string]map[string]string{}}
				break
			}
			var missing config.SharedConfigProfileNotExistError
			switch {
			case errors.As(err, &missing) && missing.Profile == name && !wrapped(err):
				continue // only this profile missing; a missing source profile is an error
			case err != nil:
				var load config.SharedConfigLoadError
				if errors.As(err, &load) {
					r.Refused = true
				}
				r.Profiles[name] = map[string]string{"$error": fmt.Sprint(err)}
				continue
			}
			r.Profiles[name] = settings(c)
			if c.SSOSession != nil {
				r.SSOSessions[c.SSOSessionName] = map[string]string{}
				if c.SSOSession.SSORegion != "" {
					r.SSOSessions[c.SSOSessionName]["sso_region"] = c.SSOSession.SSORegion
				}
				if c.SSOSession.SSOStartURL != "" {
					r.SSOSessions[c.SSOSessionName]["sso_start_url"] = c.SSOSession.SSOStartURL
				}
			}
		}
		os.Remove(configPath)
		os.Remove(credentialsPath)
		line, _ := json.Marshal(r)
		out.Write(line)
		out.WriteString("\n")
	}
	if err := in.Err(); err != nil {
		panic(err)
	}
}
