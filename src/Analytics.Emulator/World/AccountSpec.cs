using System.Text.Json.Nodes;

namespace Analytics.Emulator.World;

// The `accounts` member of a world of several accounts (sample-data/README.md, "Several accounts and regions").

public sealed class AccountSpec
{
    /// <summary>12 digits.</summary>
    public string Id { get; set; } = "";

    /// <summary>A readable name (as in an accounts file): `prod-eu`.</summary>
    public string? Alias { get; set; }

    /// <summary>The roles AssumeRole can assume; an account without the exporter's role is a misconfigured one.</summary>
    public List<RoleSpec> Roles { get; set; } = [];

    /// <summary>Each region: `region`, optional `disabledServices`, and any top-level world member, which it replaces.</summary>
    public List<JsonObject> Regions { get; set; } = [];
}

public sealed class RoleSpec
{
    public string Name { get; set; } = "";

    /// <summary>The sts:ExternalId the role's trust policy requires (none when null).</summary>
    public string? ExternalId { get; set; }

    /// <summary>The longest DurationSeconds AssumeRole grants (AWS default 3600).</summary>
    public int MaxSessionDuration { get; set; } = 3600;
}
