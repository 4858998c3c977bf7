//! The usage example in README.md, compiled (not run: it would talk to Atlas). Keep the two in
//! step: this file is what proves the README's code is real.

#![allow(dead_code)]

use atlas_admin_client::{models, Client};

async fn readme_example() -> Result<(), atlas_admin_client::Error> {
    let client = Client::builder()
        .digest_auth(
            std::env::var("MONGODB_ATLAS_PUBLIC_API_KEY").unwrap(),
            std::env::var("MONGODB_ATLAS_PRIVATE_API_KEY").unwrap(),
        )
        .build()?;
    let body = models::CreateAwsEndpointRequest::new("vpce-0123456789abcdef0");
    let endpoint = client
        .create_private_endpoint(
            "32b6e34b3d91647abb20e7b8",
            "AWS",
            "5f7cac1adf5d6c6306f4b283",
            body,
        )
        .pretty(true)
        .await?;
    match endpoint {
        models::PrivateLinkEndpoint::Aws(aws) => println!("{:?}", aws.connection_status),
        other => println!("{other:?}"),
    }

    let instance = models::ServerlessInstanceDescriptionCreate {
        termination_protection_enabled: Some(true),
        ..models::ServerlessInstanceDescriptionCreate::new(
            "my-instance",
            models::ServerlessProviderSettings::new("AWS", "US_EAST_1"),
        )
    };
    #[allow(deprecated)] // deprecated by the API: it now creates a Flex cluster
    let created = client
        .create_serverless_instance("32b6e34b3d91647abb20e7b8", instance)
        .await?;
    println!("{:?}", created.state_name);
    Ok(())
}

#[test]
fn readme_example_builds_a_future_that_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&readme_example());
}
