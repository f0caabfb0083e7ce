// What each CI system sets, as its documentation says: the variables src/cli/ci-run.ts reads and a few beside them.

export const ciEnvironments: Record<string, Record<string, string>> = {
  'GitHub Actions': { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '1658821493', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'test' },
  'GitLab CI/CD': { CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_ID: '1203459', CI_JOB_ID: '50001' },
  Buildkite: { CI: 'true', BUILDKITE: 'true', BUILDKITE_BUILD_ID: '0190f3c4-5b52-4e5d-a24c-3f0e2a3b8a11', BUILDKITE_JOB_ID: 'j1' },
  CircleCI: { CI: 'true', CIRCLECI: 'true', CIRCLE_WORKFLOW_ID: '5e3a1f7c-9b1d-4c8e-8f1a-2b3c4d5e6f70', CIRCLE_BUILD_NUM: '88' },
  'Azure Pipelines': { TF_BUILD: 'True', BUILD_BUILDID: '4411', SYSTEM_JOBID: 'x' },
  'Travis CI': { CI: 'true', TRAVIS: 'true', TRAVIS_BUILD_ID: '723001', TRAVIS_JOB_ID: '723002' },
  'Bitbucket Pipelines': { CI: 'true', BITBUCKET_PIPELINE_UUID: '{1c2d3e4f-0000-4a5b-8c9d-aabbccddeeff}', BITBUCKET_BUILD_NUMBER: '17' },
  Drone: { CI: 'true', DRONE: 'true', DRONE_BUILD_NUMBER: '321' },
  TeamCity: { TEAMCITY_VERSION: '2024.03', BUILD_NUMBER: '1047' },
  Jenkins: { JENKINS_URL: 'https://ci.example/', BUILD_TAG: 'jenkins-web-deploy-212', BUILD_NUMBER: '212' },
}
