// A Go program through the real `pulumi` CLI: the openai resources from the Go SDK that tests/engine/go/sdkgen
// generates into ./openai, run as an Automation API inline program, and reaching the provider through the
// package's executable plugin named by path in the project settings.
//
// Usage: go-program '<job as JSON>' (see job). The CLI's output goes to stderr as it comes; the last line on
// stdout is `RESULT <result as JSON>`, the shape of harness/inline-host.ts's HostResult.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"example.com/openai-go/openai"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What to run.
type job struct {
	Op string `json:"op"` // up, destroy or export
	// Where the workspace writes Pulumi.yaml and the stack's settings: this program's folder.
	ProgramDir  string `json:"programDir"`
	StateDir    string `json:"stateDir"`
	StackName   string `json:"stackName"`
	ProjectName string `json:"projectName"`
	// The folder of pulumi-resource-openai: <installed package>/provider-plugin.
	PluginDir string `json:"pluginDir"`
	// The folder of the `pulumi` to run.
	CliDir string `json:"cliDir"`
	// `up --replace`.
	Replace []string `json:"replace,omitempty"`
	// Replaces the stack config before the operation.
	Config map[string]struct {
		Value  string `json:"value"`
		Secret bool   `json:"secret,omitempty"`
	} `json:"config,omitempty"`
}

type output struct {
	Value  any  `json:"value"`
	Secret bool `json:"secret"`
}

type result struct {
	OK         bool              `json:"ok"`
	Changes    map[string]int    `json:"changes,omitempty"`
	Outputs    map[string]output `json:"outputs,omitempty"`
	Deployment json.RawMessage   `json:"deployment,omitempty"`
	Error      string            `json:"error,omitempty"`
}

// program declares a project, what models it may use, a spend alert and a service account.
func program(ctx *pulumi.Context) error {
	team, err := openai.NewProject(ctx, "team", &openai.ProjectArgs{Name: pulumi.String("go-team")})
	if err != nil {
		return err
	}
	if _, err := openai.NewProjectModelPermissions(ctx, "models", &openai.ProjectModelPermissionsArgs{
		ProjectId: team.ProjectId,
		Mode:      openai.ProjectModelPermissionsMode_Allow_list,
		ModelIds:  pulumi.StringArray{pulumi.String("gpt-4.1")},
	}); err != nil {
		return err
	}
	if _, err := openai.NewSpendAlert(ctx, "alert", &openai.SpendAlertArgs{
		ProjectId:           team.ProjectId,
		ThresholdAmount:     pulumi.Int(50_000),
		NotificationChannel: openai.SpendAlertNotificationChannelArgs{Recipients: pulumi.StringArray{pulumi.String("ops@example.com")}},
	}); err != nil {
		return err
	}
	// `up --replace` rotates the account's key: the old account goes first, so the new one is no duplicate. The
	// TypeScript classes set this themselves; a generated SDK cannot, so the program says it.
	bot, err := openai.NewProjectServiceAccount(ctx, "bot", &openai.ProjectServiceAccountArgs{
		ProjectId: team.ProjectId,
		Name:      pulumi.String("go-bot"),
	}, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return err
	}
	ctx.Export("projectId", team.ProjectId)
	ctx.Export("botKey", bot.ApiKey)
	return nil
}

func run(ctx context.Context, j job) (result, error) {
	home := filepath.Join(j.StateDir, "pulumi-home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return result{}, err
	}
	// The pinned CLI, never one the Automation API would install: NewPulumiCommand runs <Root>/bin/pulumi
	// (sdk/go/auto/cmd.go).
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: filepath.Dir(j.CliDir)})
	if err != nil {
		return result{}, err
	}
	project := workspace.Project{
		Name:    tokens.PackageName(j.ProjectName),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
		// The route every language but TypeScript takes: the engine runs the plugin from this folder, and no
		// plugin is looked up or downloaded by name.
		Plugins: &workspace.Plugins{Providers: []workspace.PluginOptions{{Name: "openai", Path: j.PluginDir}}},
	}
	stack, err := auto.UpsertStackInlineSource(ctx, j.StackName, j.ProjectName, program,
		// Without a work dir, the workspace makes a pulumi_auto* temp folder and never removes it
		// (NewLocalWorkspace, sdk/go/auto/local_workspace.go).
		auto.WorkDir(j.ProgramDir),
		auto.Pulumi(cli),
		auto.Project(project),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(map[string]string{
			"PULUMI_BACKEND_URL":       "file://" + filepath.ToSlash(j.StateDir),
			"PULUMI_HOME":              home,
			"PULUMI_CONFIG_PASSPHRASE": "e2e passphrase, not a secret",
			"PULUMI_SKIP_UPDATE_CHECK": "true",
		}),
	)
	if err != nil {
		return result{}, err
	}
	if j.Config != nil {
		current, err := stack.GetAllConfig(ctx)
		if err != nil {
			return result{}, err
		}
		var gone []string
		for k := range current {
			if _, keep := j.Config[k]; !keep {
				gone = append(gone, k)
			}
		}
		if len(gone) > 0 {
			if err := stack.RemoveAllConfig(ctx, gone); err != nil {
				return result{}, err
			}
		}
		config := auto.ConfigMap{}
		for k, v := range j.Config {
			config[k] = auto.ConfigValue{Value: v.Value, Secret: v.Secret}
		}
		if err := stack.SetAllConfig(ctx, config); err != nil {
			return result{}, err
		}
	}
	progress := []optup.Option{optup.ProgressStreams(os.Stderr), optup.ErrorProgressStreams(os.Stderr), optup.Color("never")}
	switch j.Op {
	case "up":
		r, err := stack.Up(ctx, append(progress, optup.Replace(j.Replace))...)
		if err != nil {
			return result{}, err
		}
		outputs := map[string]output{}
		for k, v := range r.Outputs {
			outputs[k] = output{Value: v.Value, Secret: v.Secret}
		}
		return result{OK: true, Changes: changes(r.Summary.ResourceChanges), Outputs: outputs}, nil
	case "destroy":
		r, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr), optdestroy.ErrorProgressStreams(os.Stderr), optdestroy.Color("never"))
		if err != nil {
			return result{}, err
		}
		return result{OK: true, Changes: changes(r.Summary.ResourceChanges)}, nil
	case "export":
		d, err := stack.Export(ctx)
		if err != nil {
			return result{}, err
		}
		return result{OK: true, Deployment: d.Deployment}, nil
	}
	return result{}, fmt.Errorf("unknown op %q", j.Op)
}

func changes(c *map[string]int) map[string]int {
	if c == nil {
		return map[string]int{}
	}
	return *c
}

func main() {
	var j job
	if len(os.Args) != 2 || json.Unmarshal([]byte(os.Args[1]), &j) != nil {
		fmt.Fprintln(os.Stderr, "usage: go-program '<job as JSON>'")
		os.Exit(2)
	}
	r, err := run(context.Background(), j)
	if err != nil {
		r = result{OK: false, Error: err.Error()}
	}
	line, _ := json.Marshal(r)
	fmt.Printf("RESULT %s\n", line)
}
