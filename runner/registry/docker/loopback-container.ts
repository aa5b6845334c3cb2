// A GenericContainer that publishes its port on 127.0.0.1 only (testcontainers binds every interface) and
// remembers the id it was created with, so a failed start can remove exactly that container.

import { GenericContainer } from "testcontainers";

/** A container definition whose published ports listen on the loopback interface only. */
export class LoopbackContainer extends GenericContainer {
  /** Set once the engine created the container, before it starts. */
  createdId: string | undefined;

  // Publishes `containerPort` on 127.0.0.1:`hostPort` (HostConfig.PortBindings with HostIp).
  withLoopbackPort(containerPort: number, hostPort: number): this {
    this.withExposedPorts({ container: containerPort, host: hostPort });
    this.hostConfig.PortBindings = {
      ...this.hostConfig.PortBindings,
      [`${containerPort}/tcp`]: [{ HostIp: "127.0.0.1", HostPort: String(hostPort) }],
    };
    return this;
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    this.createdId = containerId;
  }
}
