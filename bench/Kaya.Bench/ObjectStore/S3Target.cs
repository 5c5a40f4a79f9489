namespace Kaya.Bench.ObjectStore;

/// <summary>
/// The bucket the s3 rows serve from, on the run's Ceph RGW, and how each server is pointed at it: Kaya
/// through its flags and the standard AWS variables, rclone through an env-configured remote.
/// </summary>
/// <param name="Bucket">the bucket each measurement gets a fresh prefix in</param>
public sealed record S3Target(Uri Endpoint, string AccessKey, string SecretKey, string Bucket)
{
    /// <summary>RGW takes any region in a signature; us-east-1 is both SDKs' default.</summary>
    public const string Region = "us-east-1";

    /// <summary>The rclone remote name its RCLONE_CONFIG_BENCHS3_* variables define.</summary>
    public const string RcloneRemote = "benchs3";

    /// <summary>What a server started on this store finds in its environment.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        // A missing credential fails at once instead of probing EC2's instance metadata.
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["RCLONE_CONFIG_BENCHS3_TYPE"] = "s3",
        ["RCLONE_CONFIG_BENCHS3_PROVIDER"] = "Ceph",
        ["RCLONE_CONFIG_BENCHS3_ENDPOINT"] = Endpoint.ToString(),
        ["RCLONE_CONFIG_BENCHS3_ACCESS_KEY_ID"] = AccessKey,
        ["RCLONE_CONFIG_BENCHS3_SECRET_ACCESS_KEY"] = SecretKey,
        ["RCLONE_CONFIG_BENCHS3_REGION"] = Region,
    };

    /// <summary>rclone's name for BUCKET/PREFIX on this store.</summary>
    public static string Rclone(string bucketAndPrefix) => $"{RcloneRemote}:{bucketAndPrefix}";
}
