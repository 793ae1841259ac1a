import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Partnership } from "../partnerships/partnership.entity";

export enum AgencyKind {
  POLICE = "POLICE",
  COUNCIL = "COUNCIL",
  HOUSING_PROVIDER = "HOUSING_PROVIDER",
  HEALTH = "HEALTH",
  FIRE_AND_RESCUE = "FIRE_AND_RESCUE",
  OTHER = "OTHER",
}
registerEnumType(AgencyKind, { name: "AgencyKind" });

@ObjectType({ description: "A relevant body or co-opted partner: police, council, housing provider, NHS..." })
@Entity()
export class Agency {
  @Field(_type => ID)
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Field()
  @Column("varchar", { length: 200, unique: true })
  name!: string;

  @Field(_type => AgencyKind)
  @Column("enum", { enum: AgencyKind, enumName: "agency_kind" })
  kind!: AgencyKind;
}

/** Which partnerships an agency serves (Kent Police serves every Kent partnership). */
@Entity()
@Index(["partnershipId"])
export class AgencyPartnership {
  @PrimaryColumn("uuid")
  agencyId!: string;

  @PrimaryColumn("uuid")
  partnershipId!: string;

  @ManyToOne(_type => Agency, { onDelete: "CASCADE" })
  @JoinColumn({ name: "agency_id" })
  agency?: Agency;

  @ManyToOne(_type => Partnership, { onDelete: "CASCADE" })
  @JoinColumn({ name: "partnership_id" })
  partnership?: Partnership;
}
