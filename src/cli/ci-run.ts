// The run a CI system is in, as a timeline id: without --timeline, every upto call of one pipeline run — its
// steps, its jobs, the jobs of its matrix — lands in one timeline, and two runs never merge because someone
// forgot `upto new`. The first system whose variable is set wins; UPTO_CI=0 turns this off. bin/upto's shell
// client reads the same table: keep the two in step (test/cli/shell-client.test.ts runs both).

type Env = Readonly<Record<string, string | undefined>>

export interface CiSystem {
  name: string
  /** The variables the id is made of, as the README's table shows them. */
  variables: string
  id(env: Env): string | undefined
}

const one = (variable: string, when?: string) => (env: Env) => (when === undefined || env[when]) ? env[variable] || undefined : undefined

export const ciSystems: readonly CiSystem[] = [
  {
    name: 'GitHub Actions',
    variables: 'GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT',
    id: (env) => (env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT || '1'}` : undefined),
  },
  { name: 'GitLab CI/CD', variables: 'CI_PIPELINE_ID', id: one('CI_PIPELINE_ID') },
  { name: 'Buildkite', variables: 'BUILDKITE_BUILD_ID', id: one('BUILDKITE_BUILD_ID') },
  { name: 'CircleCI', variables: 'CIRCLE_WORKFLOW_ID', id: one('CIRCLE_WORKFLOW_ID') },
  { name: 'Azure Pipelines', variables: 'BUILD_BUILDID', id: one('BUILD_BUILDID') },
  { name: 'Travis CI', variables: 'TRAVIS_BUILD_ID', id: one('TRAVIS_BUILD_ID') },
  { name: 'Bitbucket Pipelines', variables: 'BITBUCKET_PIPELINE_UUID', id: one('BITBUCKET_PIPELINE_UUID') },
  { name: 'Drone', variables: 'DRONE_BUILD_NUMBER (with DRONE set)', id: one('DRONE_BUILD_NUMBER', 'DRONE') },
  { name: 'TeamCity', variables: 'BUILD_NUMBER (with TEAMCITY_VERSION set)', id: one('BUILD_NUMBER', 'TEAMCITY_VERSION') },
  { name: 'Jenkins', variables: 'BUILD_TAG', id: one('BUILD_TAG') },
]

/** The timeline id of the CI run this process is in, or undefined outside CI or with UPTO_CI=0. */
export function ciRunId(env: Env): string | undefined {
  if (env.UPTO_CI === '0') return undefined
  for (const system of ciSystems) {
    const id = system.id(env)
    if (id !== undefined) return id
  }
  return undefined
}
