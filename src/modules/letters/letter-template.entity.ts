import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Partnership } from "../partnerships/partnership.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { LetterKind } from "./letter.entity";

/**
 * One saved version of a partnership's template for one letter kind. Versions are never changed:
 * saving writes the next one, so who changed what and when stays on record, and a letter names
 * the version it was made from. Version 0 is the platform's default wording (templates/defaults.ts),
 * which is never stored: a partnership with no saved version uses it.
 */
@Entity()
@Index(["partnershipId", "kind", "version"], { unique: true })
export class LetterTemplateVersion {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column("uuid")
  partnershipId!: string;

  @ManyToOne(_type => Partnership, { onDelete: "CASCADE" })
  @JoinColumn({ name: "partnership_id" })
  partnership?: Partnership;

  @Column("enum", { enum: LetterKind, enumName: "letter_kind" })
  kind!: LetterKind;

  @Column("integer")
  version!: number;

  @Column("varchar", { length: 300 })
  subject!: string;

  @Column("text")
  body!: string;

  @Column("uuid")
  createdById!: string;

  @ManyToOne(_type => StaffUser)
  @JoinColumn({ name: "created_by_id" })
  createdBy?: StaffUser;

  @CreateDateColumn({ type: "timestamptz" })
  createdAt!: Date;
}
