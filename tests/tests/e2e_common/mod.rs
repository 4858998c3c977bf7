//! Shared harness of the end-to-end suites: the generated client against the
//! local Atlas simulator, over real HTTP on 127.0.0.1.
#![allow(dead_code, deprecated)]

use std::time::Duration;

use atlas_admin_client::models;
use atlas_admin_client::{Client, ClientBuilder, Error, RetryPolicy};
use atlas_tests::simulator::{self as sim, LoggedRequest, Provider, Simulator};

/// The authentication methods a client can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    Digest,
    ServiceAccount,
    Bearer,
}

pub const AUTHS: [Auth; 3] = [Auth::Digest, Auth::ServiceAccount, Auth::Bearer];

/// Every operation of the spec (createPrivateEndpoint once per provider).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    ServerlessPrivateEndpoint,
    ServerlessInstance,
    BackupPrivateEndpoint,
    PrivateEndpoint(Provider),
    ServerlessPrivateEndpointV1,
}

pub const OPS: [Op; 7] = [
    Op::ServerlessPrivateEndpoint,
    Op::ServerlessInstance,
    Op::BackupPrivateEndpoint,
    Op::PrivateEndpoint(Provider::Aws),
    Op::PrivateEndpoint(Provider::Azure),
    Op::PrivateEndpoint(Provider::Gcp),
    Op::ServerlessPrivateEndpointV1,
];

/// Operations whose spec lists a `409` answer.
pub fn has_conflict(op: Op) -> bool {
    matches!(
        op,
        Op::ServerlessInstance | Op::BackupPrivateEndpoint | Op::PrivateEndpoint(_)
    )
}

const BACKUP_REGIONS: [&str; 6] = [
    "US_EAST_1",
    "US_EAST_2",
    "US_WEST_1",
    "US_WEST_2",
    "EU_WEST_1",
    "EU_CENTRAL_1",
];

impl Op {
    pub fn operation_id(self) -> &'static str {
        match self {
            Op::ServerlessPrivateEndpoint => "createGroupPrivateEndpointServerlessInstanceEndpoint",
            Op::ServerlessInstance => "createServerlessInstance",
            Op::BackupPrivateEndpoint => "createGroupBackupPrivateEndpoint",
            Op::PrivateEndpoint(_) => "createGroupPrivateEndpointEndpointServiceEndpoint",
            Op::ServerlessPrivateEndpointV1 => "createServerlessPrivateEndpointV1",
        }
    }

    /// The exact media type of `Accept` and `Content-Type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Op::BackupPrivateEndpoint => "application/vnd.atlas.2024-11-13+json",
            Op::ServerlessPrivateEndpointV1 => "application/json",
            _ => "application/vnd.atlas.2023-01-01+json",
        }
    }

    pub fn success_status(self) -> u16 {
        match self {
            Op::PrivateEndpoint(_) => 200,
            _ => 201,
        }
    }

    /// The raw path the default valid call targets in `group`.
    pub fn path(self, group: &str) -> String {
        match self {
            Op::ServerlessPrivateEndpoint => format!(
                "/api/atlas/v2/groups/{group}/privateEndpoint/serverless/instance/{}/endpoint",
                sim::AWS_INSTANCE
            ),
            Op::ServerlessInstance => format!("/api/atlas/v2/groups/{group}/serverless"),
            Op::BackupPrivateEndpoint => {
                format!("/api/atlas/v2/groups/{group}/backup/AWS/privateEndpoints")
            }
            Op::PrivateEndpoint(p) => format!(
                "/api/atlas/v2/groups/{group}/privateEndpoint/{}/endpointService/{}/endpoint",
                p.as_str(),
                service_id(p)
            ),
            Op::ServerlessPrivateEndpointV1 => format!(
                "/api/atlas/v1.0/groups/{group}/privateEndpoint/serverless/instance/{}/endpoint",
                sim::AWS_INSTANCE
            ),
        }
    }
}

pub fn service_id(p: Provider) -> &'static str {
    match p {
        Provider::Aws => sim::AWS_ENDPOINT_SERVICE_ID,
        Provider::Azure => sim::AZURE_ENDPOINT_SERVICE_ID,
        Provider::Gcp => sim::GCP_ENDPOINT_SERVICE_ID,
    }
}

/// Fast retries: at most `n` retries, millisecond backoff, `Retry-After` up to 2 s.
pub fn fast_retry(n: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries: n,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(2),
    }
}

/// A builder for `url` with `auth` (right credentials unless `wrong`).
pub fn builder_for(url: &str, auth: Auth, wrong: bool) -> ClientBuilder<Client> {
    let b = Client::builder()
        .base_url(url)
        .allow_http(true)
        .retry(fast_retry(3))
        .timeout(Duration::from_secs(10));
    let w = |s: &str| {
        if wrong {
            format!("{s}-wrong")
        } else {
            s.to_owned()
        }
    };
    match auth {
        Auth::Digest => b.digest_auth(sim::PUBLIC_KEY, w(sim::PRIVATE_KEY)),
        Auth::ServiceAccount => b.service_account(sim::CLIENT_ID, w(sim::CLIENT_SECRET)),
        Auth::Bearer => b.bearer_token(w(sim::BEARER_TOKEN)),
    }
}

/// A client for the simulator with the right credentials.
pub fn client(s: &Simulator, auth: Auth) -> Client {
    builder_for(s.url(), auth, false)
        .build()
        .expect("client builds")
}

/// A client for the simulator with wrong credentials.
pub fn wrong_client(s: &Simulator, auth: Auth) -> Client {
    builder_for(s.url(), auth, true)
        .build()
        .expect("client builds")
}

/// A typed success of any operation.
#[derive(Debug, Clone)]
pub enum Created {
    ServerlessPrivateEndpoint(models::ServerlessTenantEndpoint),
    ServerlessInstance(models::ServerlessInstanceDescription),
    BackupPrivateEndpoint(models::ObjectStoragePrivateEndpointResponse),
    PrivateEndpoint(models::PrivateLinkEndpoint),
    ServerlessPrivateEndpointV1(models::LegacyServerlessTenantEndpoint),
}

/// The optional query flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct Opts {
    pub envelope: bool,
    pub pretty: bool,
}

pub const ENVELOPE: Opts = Opts {
    envelope: true,
    pretty: false,
};

pub fn instance_body(
    name: &str,
    provider: &str,
    region: &str,
) -> models::ServerlessInstanceDescriptionCreate {
    models::ServerlessInstanceDescriptionCreate {
        serverless_backup_options: Some(models::ClusterServerlessBackupOptions {
            serverless_continuous_backup_enabled: Some(false),
        }),
        tags: Some(vec![models::ResourceTag::new("env", "e2e")]),
        termination_protection_enabled: Some(false),
        ..models::ServerlessInstanceDescriptionCreate::new(
            name,
            models::ServerlessProviderSettings {
                provider_name: Some(models::CloudProviderServerless::Serverless),
                ..models::ServerlessProviderSettings::new(provider, region)
            },
        )
    }
}

pub fn backup_body(region: Option<&str>) -> models::ObjectStoragePrivateEndpointRequest {
    models::ObjectStoragePrivateEndpointRequest {
        cloud_provider: Some(models::CloudProviderAws::Aws),
        region_name: region.map(Into::into),
    }
}

pub fn aws_id(n: usize) -> String {
    format!("vpce-{n:017x}")
}

pub fn azure_id(n: usize) -> String {
    format!("/subscriptions/cba6d9c6-1d3f-3c11-03cb-c705d895e636/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-{n}")
}

/// A valid `CreateEndpointRequest` for `p`, unique per `n`.
pub fn endpoint_body(p: Provider, n: usize) -> models::CreateEndpointRequest {
    match p {
        Provider::Aws => {
            models::CreateEndpointRequest::Aws(models::CreateAwsEndpointRequest { id: aws_id(n) })
        }
        Provider::Azure => {
            models::CreateEndpointRequest::Azure(models::CreateAzureEndpointRequest {
                id: azure_id(n),
                private_endpoint_ip_address: format!("10.0.0.{}", n % 250 + 1),
            })
        }
        Provider::Gcp => {
            models::CreateEndpointRequest::Gcp(models::CreateGcpEndpointGroupRequest {
                endpoint_group_name: format!("group-{n}"),
                endpoints: Some(vec![models::CreateGcpForwardingRuleRequest {
                    endpoint_name: Some(format!("rule-{n}")),
                    ip_address: Some("10.1.0.7".into()),
                }]),
                gcp_project_id: "p-0123456789abcdefghijklmn".into(),
            })
        }
    }
}

/// Call `op` in `group` with valid arguments; `n` makes the created resource unique.
pub async fn call(c: &Client, op: Op, group: &str, n: usize, o: Opts) -> Result<Created, Error> {
    call_with(c, op, group, n, o, None).await
}

/// Like [`call`], with an explicit `instanceName` for the serverless endpoint operations.
pub async fn call_with(
    c: &Client,
    op: Op,
    group: &str,
    n: usize,
    o: Opts,
    instance: Option<&str>,
) -> Result<Created, Error> {
    let instance = instance.unwrap_or(sim::AWS_INSTANCE);
    match op {
        Op::ServerlessPrivateEndpoint => {
            let body = models::ServerlessTenantCreateRequest {
                comment: Some(format!("endpoint {n}")),
            };
            let mut r = c.create_serverless_private_endpoint(group, instance, body);
            if o.envelope {
                r = r.envelope(true);
            }
            if o.pretty {
                r = r.pretty(true);
            }
            r.await.map(Created::ServerlessPrivateEndpoint)
        }
        Op::ServerlessInstance => {
            let body = instance_body(&format!("inst-{n}"), "AWS", "US_EAST_1");
            let mut r = c.create_serverless_instance(group, body);
            if o.envelope {
                r = r.envelope(true);
            }
            if o.pretty {
                r = r.pretty(true);
            }
            r.await.map(Created::ServerlessInstance)
        }
        Op::BackupPrivateEndpoint => {
            let region = BACKUP_REGIONS[n % BACKUP_REGIONS.len()];
            let mut r = c.create_backup_private_endpoint(group, "AWS", backup_body(Some(region)));
            if o.envelope {
                r = r.envelope(true);
            }
            if o.pretty {
                r = r.pretty(true);
            }
            r.await.map(Created::BackupPrivateEndpoint)
        }
        Op::PrivateEndpoint(p) => {
            let mut r =
                c.create_private_endpoint(group, p.as_str(), service_id(p), endpoint_body(p, n));
            if o.envelope {
                r = r.envelope(true);
            }
            if o.pretty {
                r = r.pretty(true);
            }
            r.await.map(Created::PrivateEndpoint)
        }
        Op::ServerlessPrivateEndpointV1 => {
            let body = models::LegacyServerlessTenantCreateRequest {
                comment: Some(format!("legacy endpoint {n}")),
            };
            let mut r = c.create_serverless_private_endpoint_v1(group, instance, body);
            if o.envelope {
                r = r.envelope(true);
            }
            if o.pretty {
                r = r.pretty(true);
            }
            r.await.map(Created::ServerlessPrivateEndpointV1)
        }
    }
}

/// Call `op` with a malformed `groupId` *and* a body (or path) value the spec
/// forbids; returns the name of the body field expected in the validation error.
pub async fn call_invalid(c: &Client, op: Op) -> (Result<Created, Error>, &'static str) {
    let group = "not-a-group-id";
    match op {
        Op::ServerlessPrivateEndpoint => {
            let body = models::ServerlessTenantCreateRequest {
                comment: Some("x".repeat(81)),
            };
            let r = c
                .create_serverless_private_endpoint(group, sim::AWS_INSTANCE, body)
                .await;
            (r.map(Created::ServerlessPrivateEndpoint), "body.comment")
        }
        Op::ServerlessInstance => {
            let body = instance_body("bad name!", "AWS", "US_EAST_1");
            let r = c.create_serverless_instance(group, body).await;
            (r.map(Created::ServerlessInstance), "body.name")
        }
        Op::BackupPrivateEndpoint => {
            let r = c
                .create_backup_private_endpoint(group, "GCP", backup_body(Some("US_EAST_1")))
                .await;
            (r.map(Created::BackupPrivateEndpoint), "cloudProvider")
        }
        Op::PrivateEndpoint(p) => {
            let (body, field) = match endpoint_body(p, 1) {
                models::CreateEndpointRequest::Aws(mut b) => {
                    b.id = "vpce-NOT-HEX".into();
                    (models::CreateEndpointRequest::Aws(b), "body.id")
                }
                models::CreateEndpointRequest::Azure(mut b) => {
                    b.private_endpoint_ip_address = "999.1.1.1".into();
                    (
                        models::CreateEndpointRequest::Azure(b),
                        "body.privateEndpointIPAddress",
                    )
                }
                models::CreateEndpointRequest::Gcp(mut b) => {
                    b.gcp_project_id = "project-1".into();
                    (models::CreateEndpointRequest::Gcp(b), "body.gcpProjectId")
                }
                other => (other, "body"),
            };
            let r = c
                .create_private_endpoint(group, p.as_str(), service_id(p), body)
                .await;
            (r.map(Created::PrivateEndpoint), field)
        }
        Op::ServerlessPrivateEndpointV1 => {
            let body = models::LegacyServerlessTenantCreateRequest {
                comment: Some("x".repeat(80)),
            };
            let r = c
                .create_serverless_private_endpoint_v1(group, sim::AWS_INSTANCE, body)
                .await;
            (r.map(Created::ServerlessPrivateEndpointV1), "body.comment")
        }
    }
}

/// Assert that `created` is the typed answer `op` should decode to, with the
/// values the simulator echoes for a [`call`] made with `n`.
pub fn assert_created(op: Op, n: usize, created: &Created) {
    match (op, created) {
        (Op::ServerlessPrivateEndpoint, Created::ServerlessPrivateEndpoint(e)) => match e {
            models::ServerlessTenantEndpoint::Aws(a) => {
                assert_eq!(a.comment.as_deref(), Some(format!("endpoint {n}").as_str()));
                assert_eq!(a.provider_name, Some(models::CloudProviderAws::Aws));
                assert!(a.id.as_ref().is_some_and(|i| i.len() == 24), "{a:?}");
            }
            other => panic!("expected the AWS variant, got {other:?}"),
        },
        (Op::ServerlessInstance, Created::ServerlessInstance(i)) => {
            assert_eq!(i.name.as_deref(), Some(format!("inst-{n}").as_str()));
            assert_eq!(i.group_id.as_deref(), Some(sim::GROUP_ID));
            assert_eq!(
                i.provider_settings.backing_provider_name,
                models::CloudProvider::Aws
            );
            assert_eq!(i.provider_settings.region_name, "US_EAST_1");
            assert_eq!(i.state_name, Some(models::ClusterStateName::Creating));
            assert!(i.create_date.is_some(), "createDate decodes as a date-time");
            assert_eq!(i.tags.as_ref().map(Vec::len), Some(1));
        }
        (Op::BackupPrivateEndpoint, Created::BackupPrivateEndpoint(b)) => {
            let want = BACKUP_REGIONS[n % BACKUP_REGIONS.len()];
            assert_eq!(
                serde_json::to_value(&b.region_name).unwrap(),
                serde_json::json!(want),
                "{b:?}"
            );
            assert_eq!(
                b.status,
                Some(models::ObjectStoragePrivateEndpointResponseStatus::Initiating)
            );
            assert_eq!(b.cloud_provider, Some(models::CloudProviderAws::Aws));
        }
        (Op::PrivateEndpoint(p), Created::PrivateEndpoint(e)) => match (p, e) {
            (Provider::Aws, models::PrivateLinkEndpoint::Aws(a)) => {
                assert_eq!(a.interface_endpoint_id, Some(aws_id(n)));
                assert_eq!(
                    a.connection_status,
                    Some(models::AwsInterfaceEndpointConnectionStatus::PendingAcceptance)
                );
            }
            (Provider::Azure, models::PrivateLinkEndpoint::Azure(a)) => {
                assert_eq!(a.private_endpoint_resource_id, Some(azure_id(n)));
                assert_eq!(
                    a.private_endpoint_ip_address,
                    Some(format!("10.0.0.{}", n % 250 + 1))
                );
            }
            (Provider::Gcp, models::PrivateLinkEndpoint::Gcp(g)) => {
                assert_eq!(g.endpoint_group_name, Some(format!("group-{n}")));
                let eps = g.endpoints.as_ref().expect("endpoints");
                assert_eq!(eps.len(), 1);
                assert_eq!(eps[0].endpoint_name, Some(format!("rule-{n}")));
                assert_eq!(eps[0].ip_address.as_deref(), Some("10.1.0.7"));
            }
            (p, e) => panic!("{p:?}: wrong PrivateLinkEndpoint variant {e:?}"),
        },
        (Op::ServerlessPrivateEndpointV1, Created::ServerlessPrivateEndpointV1(e)) => {
            assert_eq!(
                e.comment.as_deref(),
                Some(format!("legacy endpoint {n}").as_str())
            );
            assert_eq!(
                e.status,
                Some(models::ServerlessPrivateEndpointStatus::ReservationRequested)
            );
            assert_eq!(
                e.endpoint_service_name,
                atlas_admin_client::Nullable::Null,
                "an explicit null is kept"
            );
        }
        (op, c) => panic!("{op:?} decoded to the wrong type: {c:?}"),
    }
}

/// The API requests the simulator received for `op`'s default path in `group`.
pub fn requests_to(s: &Simulator, op: Op, group: &str) -> Vec<LoggedRequest> {
    let path = op.path(group);
    s.api_requests()
        .into_iter()
        .filter(|r| r.path == path)
        .collect()
}

/// Requests that carried credentials (Digest answer or bearer token).
pub fn authenticated(reqs: &[LoggedRequest]) -> Vec<LoggedRequest> {
    reqs.iter()
        .filter(|r| !matches!(r.auth, sim::AuthSeen::None))
        .cloned()
        .collect()
}

/// The API error of a result, or a panic naming what came instead.
pub fn api_error(r: Result<Created, Error>) -> Box<atlas_admin_client::runtime::ApiError> {
    match r {
        Err(Error::Api(e)) => e,
        Err(e) => panic!("expected an API error, got {e:?}"),
        Ok(c) => panic!("expected an API error, got success {c:?}"),
    }
}
